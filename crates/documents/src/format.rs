//! Dates and amounts as the paper forms write them. One place, so that a PDF form and a
//! workbook show the same date the same way.

use chrono::{Datelike, NaiveDate};
use jiangxin_domain::skill::SkillLevel;

/// `1975年3月`: the forms' 出生年月 and 参加工作时间.
pub fn year_month(date: NaiveDate) -> String {
    format!("{}年{}月", date.year(), date.month())
}

/// `2024年3月1日`: dates in running text, certificates and notices.
pub fn date_zh(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// `1975.3.8`: the summary sheet's way (201号 附件3 writes `19××.×.×`).
pub fn dotted(date: NaiveDate) -> String {
    format!("{}.{}.{}", date.year(), date.month(), date.day())
}

/// `2001.07—2010.12`, or `2015.03—至今` for a period still running: the 主要经历 rows.
pub fn period(from: NaiveDate, to: Option<NaiveDate>) -> String {
    let month = |d: NaiveDate| format!("{}.{:02}", d.year(), d.month());
    match to {
        Some(to) => format!("{}—{}", month(from), month(to)),
        None => format!("{}—至今", month(from)),
    }
}

/// `二级（技师）`: a level as 306号 writes it ("国家二级职业资格(技师)").
pub fn skill_level(level: SkillLevel) -> String {
    format!("{}（{}）", level.grade_zh(), level.name_zh())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_are_written_the_way_the_forms_write_them() {
        assert_eq!(year_month(day(1975, 3, 8)), "1975年3月");
        assert_eq!(date_zh(day(2024, 3, 1)), "2024年3月1日");
        assert_eq!(dotted(day(1975, 3, 8)), "1975.3.8");
    }

    #[test]
    fn a_level_is_written_with_its_grade_first() {
        assert_eq!(skill_level(SkillLevel::Technician), "二级（技师）");
        assert_eq!(
            skill_level(SkillLevel::SeniorTechnician),
            "一级（高级技师）"
        );
    }

    #[test]
    fn a_period_still_running_ends_today_in_words() {
        assert_eq!(
            period(day(2001, 7, 1), Some(day(2010, 12, 31))),
            "2001.07—2010.12"
        );
        assert_eq!(period(day(2015, 3, 1), None), "2015.03—至今");
    }
}
