//! Payment lists for finance: who is paid, how much, into which account, for which period.

use chrono::NaiveDate;
use jiangxin_domain::id_number::ResidentId;
use jiangxin_domain::money::Money;

use super::{Cell, Column, Table};
use crate::error::DocumentError;

/// A batch of payments, with its total.
#[derive(Debug, Clone, PartialEq)]
pub struct PaymentList {
    pub title: String,
    /// e.g. `批次：2025年度第1批   制表日期：2025-01-10`.
    pub notes: Vec<String>,
    pub rows: Vec<Payment>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Payment {
    /// 收款人
    pub payee: String,
    pub id_number: ResidentId,
    /// The benefit, e.g. `区管首席技师津贴补助`.
    pub benefit: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub amount: Money,
    /// The account paid into, e.g. the social-security card's financial account (惠阳 第二十一条).
    pub account: String,
    pub bank: Option<String>,
    pub due_on: NaiveDate,
    pub note: Option<String>,
}

impl PaymentList {
    /// The sum of the amounts, `None` if it does not fit.
    pub fn total(&self) -> Option<Money> {
        self.rows.iter().map(|p| p.amount).sum()
    }

    pub fn to_xlsx(&self) -> Result<Vec<u8>, DocumentError> {
        let mut rows: Vec<Vec<Cell>> = self
            .rows
            .iter()
            .enumerate()
            .map(|(index, p)| {
                vec![
                    Cell::Integer(index as i64 + 1),
                    Cell::from(p.payee.as_str()),
                    Cell::from(p.id_number.as_str()),
                    Cell::from(p.benefit.as_str()),
                    Cell::Date(p.period_start),
                    Cell::Date(p.period_end),
                    Cell::Money(p.amount),
                    Cell::from(p.account.as_str()),
                    Cell::from(p.bank.clone()),
                    Cell::Date(p.due_on),
                    Cell::from(p.note.clone()),
                ]
            })
            .collect();
        let mut total = vec![Cell::Empty, Cell::from("合计")];
        total.resize(6, Cell::Empty);
        total.push(Cell::from(self.total()));
        total.resize(11, Cell::Empty);
        rows.push(total);
        let columns = [
            ("序号", 6.0),
            ("收款人", 10.0),
            ("身份证号码", 22.0),
            ("待遇项目", 22.0),
            ("所属期起", 12.0),
            ("所属期止", 12.0),
            ("金额（元）", 14.0),
            ("收款账户", 24.0),
            ("开户银行", 16.0),
            ("应付日期", 12.0),
            ("备注", 16.0),
        ];
        Table {
            sheet: "发放名单",
            caption: None,
            title: self.title.clone(),
            above: self.notes.clone(),
            columns: columns
                .into_iter()
                .map(|(h, w)| Column::new(h, w))
                .collect(),
            rows,
            group_column: false,
            below: Vec::new(),
        }
        .to_xlsx()
    }
}
