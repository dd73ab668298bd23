//! The built-in program files load, and a new year's file is data, not code.

use jiangxin_policy::ProgramSet;

#[test]
fn the_five_built_in_programs_load_and_validate() {
    let set = ProgramSet::builtin().unwrap_or_else(|e| panic!("{e}"));
    let mut ids: Vec<&str> = set.iter().map(|p| p.id()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [
            "dalian-craftsman-2021",
            "dalian-high-skill-2021",
            "dalian-master-studio-2024",
            "dalian-skilled-talent-2011",
            "huiyang-chief-technician-2024",
        ]
    );
}

#[test]
fn huiyang_defines_yixia_as_excluding_the_bound_and_yishang_as_including_it() {
    use jiangxin_policy::terms::Comparison;
    let set = ProgramSet::builtin().unwrap();
    let huiyang = set.get("huiyang-chief-technician-2024").unwrap();
    let below = huiyang.terms.lookup("以下").unwrap();
    assert_eq!(below.meaning, Comparison::Below);
    assert_eq!(below.citation, "惠阳区区管首席技师办法 第二十条");
    assert_eq!(
        huiyang.terms.lookup("以上").unwrap().meaning,
        Comparison::AtLeast
    );
    // Elsewhere 以下 keeps its general meaning (民法典 第一千二百五十九条): the bound is included.
    let dalian = set.get("dalian-high-skill-2021").unwrap();
    assert_eq!(
        dalian.terms.lookup("以下").unwrap().meaning,
        Comparison::AtMost
    );
}

#[test]
fn every_rule_and_parameter_carries_a_citation_and_the_notices_text() {
    let set = ProgramSet::builtin().unwrap();
    for program in set.iter() {
        for c in &program.criteria {
            assert!(
                !c.cited.citation.is_empty() && !c.cited.text.is_empty(),
                "{}",
                c.id
            );
        }
        for p in &program.parameters {
            assert!(
                !p.cited.citation.is_empty() && !p.source.is_empty(),
                "{}",
                p.id
            );
        }
    }
}

#[test]
fn the_stages_are_ordered_data_with_roles_and_periods() {
    use jiangxin_policy::stages::{Counting, PeriodBound, Role};
    let set = ProgramSet::builtin().unwrap();
    let craftsman = set.get("dalian-craftsman-2021").unwrap();
    let recommend = &craftsman.stages[0];
    assert_eq!(recommend.actor, Role::Unit);
    assert_eq!(recommend.window.unwrap().to.to_string(), "2021-07-02");
    let notice = recommend.unit_internal_notice.unwrap();
    assert_eq!(
        (
            notice.length,
            notice.counting,
            notice.min_staff_representatives
        ),
        (5, Counting::WorkingDays, 5)
    );
    let huiyang = set.get("huiyang-chief-technician-2024").unwrap();
    let public = huiyang
        .stages
        .iter()
        .find(|s| s.id == "public-notice")
        .unwrap();
    let duration = public.duration.unwrap();
    assert_eq!((duration.length, duration.bound), (5, PeriodBound::AtLeast));
    assert_eq!(public.objection_investigation.unwrap().length, 5);
    let panel = huiyang
        .stages
        .iter()
        .find_map(|s| s.panel.as_ref())
        .unwrap();
    assert_eq!(panel.tie_break, ["青年技师", "高级技师"]);
}
