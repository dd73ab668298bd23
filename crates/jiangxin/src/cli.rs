//! The command line as clap sees it. Arguments stay strings here on purpose: each command
//! parses them with the domain types so that a bad value is reported in the project's own
//! bilingual words and names the argument it came from.
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "jiangxin",
    version,
    about = "匠心 —— 技能人才项目管理平台（skilled-talent programs of a city HR bureau）",
    long_about = None,
)]
pub struct Cli {
    /// 以 JSON 输出，供程序读取（machine-readable JSON output）
    #[arg(long, global = true)]
    pub json: bool,

    /// 数据目录：其中 holiday-cn/YYYY.json 覆盖内置的节假日年份（data directory; holiday-cn/YYYY.json there overrides built-in years）
    #[arg(long, global = true, env = "JIANGXIN_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// 数据库：sqlite://路径 或 postgres://…；首次使用时自动创建并迁移（database URL; created and migrated on first use）
    #[arg(long, global = true, env = "JIANGXIN_DATABASE_URL", default_value = jiangxin_store::DEFAULT_DATABASE_URL)]
    pub database_url: String,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 校验并解析居民身份证号码（GB 11643-1999；15 位旧号自动升位）
    Id {
        /// 身份证号码（resident ID number, 18 or legacy 15 digits）
        number: String,
    },
    /// 校验并解析统一社会信用代码（GB 32100-2015）
    Uscc {
        /// 统一社会信用代码（unified social credit code）
        code: String,
    },
    /// 法定工作日计算（官方节假日与调休安排）
    #[command(subcommand)]
    Workdays(WorkdaysCommand),
    /// 法定退休年龄与法定劳动年龄（含 2025 年起渐进式延迟退休）
    Retirement(RetirementArgs),
    /// 审计日志：校验哈希链，找出第一条被篡改的记录
    #[command(subcommand)]
    Audit(AuditCommand),
    /// 按项目文件评估一个人（单位、团队）是否符合条件，逐条说明理由与出处
    Check(CheckArgs),
    /// 名册批量筛查：逐行按项目评估技能人才名册（.csv 或 .xlsx），结果按输入顺序写入 CSV
    Screen(ScreenArgs),
    /// 启动网页与接口服务（各角色的页面、/api/v1、/api/docs）
    Serve(ServeArgs),
    /// 按库中数据导出公文：申报书（PDF）、汇总表或候选名单（Excel）、公示（PDF）、证书（PDF）、发放名单（Excel）
    #[command(subcommand)]
    Export(ExportCommand),
    /// 导入：批量申报（作为指定账户创建草稿，整批一个事务）、技能人才名册（写入库中）
    #[command(subcommand)]
    Import(ImportCommand),
    /// 库中的技能人才名册
    #[command(subcommand)]
    Registry(RegistryCommand),
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// 一份申报的申报书（申报表），按项目通知所附的表样（PDF）
    Application {
        /// 申报编号（application id）
        #[arg(long)]
        id: String,
        /// 输出文件（.pdf）（output file）
        #[arg(long)]
        out: PathBuf,
    },
    /// 一个项目的汇总表或候选名单：已提交且未被否决的申报（Excel）
    Summary {
        /// 项目 id，如 dalian-craftsman-2021（program id）
        #[arg(long)]
        program: String,
        /// 输出文件（.xlsx）（output file）
        #[arg(long)]
        out: PathBuf,
    },
    /// 一次公示的名单，身份证号码按公布时遮蔽（PDF）
    Notice {
        /// 公示编号（notice id）
        #[arg(long)]
        id: String,
        /// 输出文件（.pdf）（output file）
        #[arg(long)]
        out: PathBuf,
    },
    /// 一份申报所获称号的证书或牌匾，二维码为查验地址；已撤销的不打印（PDF）
    Certificate {
        /// 申报编号（application id）
        #[arg(long)]
        id: String,
        /// 公众访问本系统的地址，二维码指向其 /verify 页，如 https://jiangxin.example.gov.cn（site address）
        #[arg(long)]
        site: String,
        /// 输出文件（.pdf）（output file）
        #[arg(long)]
        out: PathBuf,
    },
    /// 待遇发放名单：收款人、身份证号码或统一社会信用代码、金额、所属期、应付日期、依据、状态（Excel）
    Payments {
        /// 款项状态，可重复：scheduled（待发放）、paid（已发放）、recovery_due（待追回）、cancelled、recovered；默认 scheduled（payment status）
        #[arg(long)]
        status: Vec<String>,
        /// 只列此项目的款项，如 huiyang-chief-technician-2024（program id）
        #[arg(long)]
        program: Option<String>,
        /// 输出文件（.xlsx）（output file）
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// 批量申报（.xlsx 或 .csv，每行一份）：有误的行略去并逐格报告；其余作为草稿在一个事务中创建，任一行被拒绝则整批不导入
    Applications {
        /// 申报文件（file of applications）
        #[arg(long)]
        file: PathBuf,
        /// 以该账户（编号）的身份申报，如单位经办人账户（account id to apply as）
        #[arg(long)]
        account: String,
        /// 另将有误的单元格写入此文件：sheet,row,column,header,reason（bad cells file）
        #[arg(long)]
        rejects: Option<PathBuf>,
    },
    /// 技能人才名册（.xlsx 或 .csv）：按身份证号码逐人写入或更新，有误的行略去并逐格报告
    Registry {
        /// 名册文件（registry file）
        #[arg(long)]
        file: PathBuf,
        /// 另将有误的单元格写入此文件：sheet,row,column,header,reason（bad cells file）
        #[arg(long)]
        rejects: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// 按技能等级、社保缴纳地、单位类型、荣誉统计人数
    Stats,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// 监听地址与端口（address and port to listen on）
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// 演示模式：创建演示单位、各角色账户和各阶段的申报，并打印演示账户（demo data and log-ins; idempotent）
    #[arg(long)]
    pub demo: bool,
    /// 服务位于 HTTPS 反向代理之后：会话 Cookie 加 Secure 标记（behind TLS: Secure cookies, HSTS）
    #[arg(long)]
    pub behind_tls: bool,
    /// 会话空闲超时（分钟）（idle session timeout, minutes）
    #[arg(long, default_value_t = 30)]
    pub idle_timeout_minutes: u64,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// 校验审计日志的哈希链及各表与日志是否一致；发现篡改时以非零状态退出
    Verify,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 项目 id，如 dalian-high-skill-2021（program id）
    #[arg(long)]
    pub program: String,
    /// 类别 id，如 cultivated；不指定则评估全部类别（category id; default every category）
    #[arg(long)]
    pub category: Option<String>,
    /// 事实文件（JSON）：{"person": {...}, "unit": {...}, "team": {...}}（facts file）
    #[arg(long)]
    pub facts: PathBuf,
    /// 评估日；默认为项目文件规定的基准日（evaluation date; default the program's reference date）
    #[arg(long)]
    pub as_of: Option<String>,
    /// 设定参数以作假设分析，可重复：--set city_average_wage=98000（override a parameter, repeatable）
    #[arg(long = "set", value_name = "PARAM=VALUE")]
    pub set: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ScreenArgs {
    /// 名册文件，.csv（UTF-8）或 .xlsx；表头可用英文或中文列名（registry file, .csv or .xlsx）
    #[arg(long)]
    pub registry: PathBuf,
    /// 项目 id，可重复，按给出的顺序成列；不指定则筛查全部项目（program id, repeatable; default every program）
    #[arg(long = "program")]
    pub programs: Vec<String>,
    /// 评估日；默认各项目文件自己的基准日，没有基准日的项目按今天（evaluation date; default each program's own）
    #[arg(long)]
    pub as_of: Option<String>,
    /// 设定参数以作假设分析，可重复：--set city_average_wage=98000（override a parameter, repeatable）
    #[arg(long = "set", value_name = "PARAM=VALUE")]
    pub set: Vec<String>,
    /// 与不设定参数时比较，只写出结果变化的行：row,id_number,column,before,after（only rows whose outcome --set changes）
    #[arg(long, conflicts_with = "long")]
    pub baseline: bool,
    /// 长格式：每行每列一行，写出结果、未满足的条件与出处（one line per row and program, with failed criteria and citations）
    #[arg(long)]
    pub long: bool,
    /// 结果文件（CSV）（output file）
    #[arg(long)]
    pub out: PathBuf,
    /// 另将无效行写入此文件：row,id_number,column,reason（rejected rows file）
    #[arg(long)]
    pub rejects: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum WorkdaysCommand {
    /// 某日之后第 N 个工作日（公示期：发布当日不计入，民法典第二百零一条）；--calendar 按自然日计算，末日遇休假日顺延（第二百零三条）
    Add {
        /// 起算日，如 2025-09-26（start date; the day itself does not count）
        date: String,
        /// 天数（number of days）
        #[arg(allow_hyphen_values = true)]
        n: String,
        /// 按自然日而非工作日计算（count calendar days, 民法典 203）
        #[arg(long)]
        calendar: bool,
    },
    /// 两日之间的工作日数：不含起始日，含截止日（working days in (from, to]）
    Between {
        /// 起始日（exclusive）
        from: String,
        /// 截止日（inclusive）
        to: String,
    },
    /// 某日是工作日、周末、法定节假日还是调休上班日
    Day {
        /// 日期（date）
        date: String,
    },
}

#[derive(Debug, Args)]
pub struct RetirementArgs {
    /// 出生日期，如 1970-05-20（birth date）
    pub birth_date: String,
    /// 性别：男/女（gender: male/female）
    pub gender: String,
    /// 女性类别：worker（女职工，原 50 岁）或 cadre（女干部，原 55 岁）；女性默认 worker
    #[arg(long)]
    pub category: Option<String>,
    /// 参照日，计算周岁与是否在法定劳动年龄内；默认今天（reference date; default today）
    #[arg(long)]
    pub on: Option<String>,
}
