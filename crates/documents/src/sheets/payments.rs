//! Payment lists for finance: who is paid, how much, into which account, for which period, on
//! what basis, and where each payment stands.

use chrono::NaiveDate;
use jiangxin_domain::credit_code::CreditCode;
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

/// Who is paid: a person, known by the ID number, or a unit (a studio's construction subsidy,
/// an enterprise's training subsidy), known by its unified social credit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payee {
    Person {
        name: String,
        id_number: ResidentId,
    },
    Unit {
        name: String,
        credit_code: CreditCode,
    },
}

impl Payee {
    pub fn name(&self) -> &str {
        match self {
            Payee::Person { name, .. } | Payee::Unit { name, .. } => name,
        }
    }

    /// The ID number or the credit code, as written in the list.
    pub fn code(&self) -> &str {
        match self {
            Payee::Person { id_number, .. } => id_number.as_str(),
            Payee::Unit { credit_code, .. } => credit_code.as_str(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Payment {
    /// 收款人
    pub payee: Payee,
    /// The benefit, e.g. `区管首席技师津贴补助`.
    pub benefit: String,
    /// The period a payment is for, where the benefit is paid by period; otherwise empty boxes.
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub amount: Money,
    /// The account paid into, e.g. the social-security card's financial account (惠阳 第二十一条);
    /// an empty box to fill in by hand where the records hold none.
    pub account: Option<String>,
    pub bank: Option<String>,
    pub due_on: NaiveDate,
    /// The provision the payment rests on, e.g. `惠阳区区管首席技师办法 第十二条(一)`.
    pub citation: Option<String>,
    /// Where the payment stands, e.g. `待发放`, `已发放`.
    pub status: Option<String>,
    pub paid_on: Option<NaiveDate>,
    pub note: Option<String>,
}

impl PaymentList {
    /// The sum of the amounts, `None` if it does not fit.
    pub fn total(&self) -> Option<Money> {
        self.rows.iter().map(|p| p.amount).sum()
    }

    pub fn to_xlsx(&self) -> Result<Vec<u8>, DocumentError> {
        let columns = [
            ("序号", 6.0),
            ("收款人", 16.0),
            ("身份证号码／统一社会信用代码", 22.0),
            ("待遇项目", 22.0),
            ("所属期起", 12.0),
            ("所属期止", 12.0),
            ("金额（元）", 14.0),
            ("收款账户", 24.0),
            ("开户银行", 16.0),
            ("应付日期", 12.0),
            ("依据", 26.0),
            ("状态", 10.0),
            ("发放日期", 12.0),
            ("备注", 20.0),
        ];
        let amount_column = 6;
        let mut rows: Vec<Vec<Cell>> = self
            .rows
            .iter()
            .enumerate()
            .map(|(index, p)| {
                vec![
                    Cell::Integer(index as i64 + 1),
                    Cell::from(p.payee.name()),
                    Cell::from(p.payee.code()),
                    Cell::from(p.benefit.as_str()),
                    Cell::from(p.period_start),
                    Cell::from(p.period_end),
                    Cell::Money(p.amount),
                    Cell::from(p.account.clone()),
                    Cell::from(p.bank.clone()),
                    Cell::Date(p.due_on),
                    Cell::from(p.citation.clone()),
                    Cell::from(p.status.clone()),
                    Cell::from(p.paid_on),
                    Cell::from(p.note.clone()),
                ]
            })
            .collect();
        let mut total = vec![Cell::Empty, Cell::from("合计")];
        total.resize(amount_column, Cell::Empty);
        total.push(Cell::from(self.total()));
        total.resize(columns.len(), Cell::Empty);
        rows.push(total);
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
