//! Writes a synthetic talent registry for benchmarks and demos:
//! `cargo run --release -p jiangxin-registry --example gen_registry -- N OUT.csv`.
//!
//! Deterministic (the same N gives the same file): valid ID numbers with their check characters,
//! every skill level in digits and in Chinese, Dalian districts including the remote ones, Huiyang
//! (441303) and places elsewhere, honours, some flags, and about 1% malformed rows of several
//! kinds (wrong check character, impossible honour date, unknown unit type, unknown level, bad
//! district code, a yes/no cell that is neither).
use std::fs::File;
use std::io::{BufWriter, Write};

use jiangxin_domain::id_number::ResidentId;

const HEADER: &str = "id_number,name,skill_level,enterprise_ranks,social_security_district,unit_type,unit_key_industry,unit_tax_last_year,frontline,contract_years,key_post_years,city_social_security_months,district_continuous_months,income_ratio,introduction,months_in_city_per_year,honours,flags";

const AREAS: [&str; 8] = [
    "210202", "210203", "210211", "210281", "210283", "441303", "110105", "210102",
];
const DISTRICTS: [&str; 12] = [
    "210202", "210203", "210204", "210211", "210212", "210213", "210214", "210281", "210283",
    "210224", "441303", "441302",
];
const LEVELS: [&str; 12] = [
    "1",
    "2",
    "3",
    "4",
    "5",
    "技师",
    "高级技师",
    "高级工",
    "中级工",
    "初级工",
    "二级",
    "一级",
];
const SURNAMES: [&str; 8] = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄"];
const GIVEN: [&str; 8] = ["伟", "芳", "娜", "秀英", "敏", "静", "强", "磊"];
const UNITS: [&str; 11] = [
    "企业",
    "高职院校",
    "国家级示范中职",
    "技师学院",
    "高级技工学校",
    "市级公共实训基地",
    "科研院所",
    "职业培训机构",
    "机关",
    "事业单位",
    "社会组织",
];
const INTRODUCTIONS: [&str; 5] = ["培育", "全职引进", "柔性引进", "项目引进", ""];
const HONOURS: [&str; 9] = [
    "中华技能大奖",
    "全国技术能手",
    "国家级技能大师工作室领办人",
    "省级政府表彰",
    "省级技能大师工作室领办人",
    "市级政府表彰",
    "市级技能大师工作室领办人",
    "高技能人才工作站领办人",
    "市管首席技师",
];
const FLAGS: [&str; 4] = ["失信被执行人", "不良记录", "单位经营异常", "刑事犯罪"];

/// splitmix64: a tiny deterministic generator, enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn id_number(rng: &mut Rng) -> String {
    let body = format!(
        "{}{:04}{:02}{:02}{:03}",
        rng.pick(&AREAS),
        1960 + rng.below(44),
        1 + rng.below(12),
        1 + rng.below(28),
        rng.below(1000)
    );
    let check = ResidentId::check_char(&body).expect("17 digits");
    format!("{body}{check}")
}

fn honours(rng: &mut Rng) -> String {
    // Most skilled workers have no listed honour; a few have two.
    let count = match rng.below(20) {
        0 => 2,
        1..=4 => 1,
        _ => 0,
    };
    (0..count)
        .map(|_| {
            format!(
                "{}@{}-{:02}-{:02}",
                rng.pick(&HONOURS),
                2010 + rng.below(14),
                1 + rng.below(12),
                1 + rng.below(28)
            )
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn row(rng: &mut Rng) -> [String; 18] {
    let ranks = match rng.below(10) {
        0 => "工匠技师",
        1 => "首席技师;技能专家",
        _ => "",
    };
    let flags = if rng.chance(4) { rng.pick(&FLAGS) } else { "" };
    let mut cells = [
        id_number(rng),
        format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN)),
        rng.pick(&LEVELS).to_owned(),
        ranks.to_owned(),
        rng.pick(&DISTRICTS).to_owned(),
        // Three in four work for an enterprise.
        if rng.chance(75) {
            "企业".to_owned()
        } else {
            rng.pick(&UNITS).to_owned()
        },
        rng.below(2).to_string(),
        (rng.below(500) * 10_000).to_string(),
        rng.below(2).to_string(),
        rng.below(10).to_string(),
        rng.below(15).to_string(),
        rng.below(240).to_string(),
        rng.below(60).to_string(),
        format!("{}.{:02}", rng.below(4), rng.below(100)),
        // Most registry rows are not 306号 applicants at all.
        if rng.chance(60) {
            String::new()
        } else {
            rng.pick(&INTRODUCTIONS).to_owned()
        },
        rng.below(13).to_string(),
        honours(rng),
        flags.to_owned(),
    ];
    if rng.chance(1) {
        // One malformed cell of several kinds; the rest of the row stays realistic.
        match rng.below(6) {
            0 => {
                let last = if cells[0].ends_with('0') { '1' } else { '0' };
                cells[0].pop();
                cells[0].push(last);
            }
            1 => cells[16] = "全国技术能手@2019-02-30".to_owned(),
            2 => cells[5] = "合资企业".to_owned(),
            3 => cells[2] = "宗师".to_owned(),
            4 => cells[4] = "21020X".to_owned(),
            _ => cells[8] = "偶尔".to_owned(),
        }
    }
    cells
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(path)) = (args.get(1).and_then(|n| n.parse::<u64>().ok()), args.get(2))
    else {
        eprintln!("用法：gen_registry N OUT.csv（usage: gen_registry N OUT.csv）");
        std::process::exit(2);
    };
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    writeln!(out, "{HEADER}")?;
    let mut rng = Rng(n);
    for _ in 0..n {
        writeln!(out, "{}", row(&mut rng).join(","))?;
    }
    out.flush()
}
