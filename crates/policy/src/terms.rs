//! The words the notices use for bounds (以上, 不超过, 满 …) and what each includes.
//!
//! A rule in a program file names its bound by the notice's own word; the meaning comes from the
//! program's `[terms]` when the document defines it (惠阳区办法 第二十条: “以上”含本数，“以下”不含本数),
//! and otherwise from the general statutory definition below.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How a bound compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// value >= bound (含本数)
    AtLeast,
    /// value <= bound (含本数)
    AtMost,
    /// value > bound (不含本数)
    Above,
    /// value < bound (不含本数)
    Below,
}

impl Comparison {
    pub fn holds<T: Ord>(self, value: T, bound: T) -> bool {
        match self {
            Comparison::AtLeast => value >= bound,
            Comparison::AtMost => value <= bound,
            Comparison::Above => value > bound,
            Comparison::Below => value < bound,
        }
    }

    /// “（含本数）” or “（不含本数）”.
    pub fn inclusion_zh(self) -> &'static str {
        match self {
            Comparison::AtLeast | Comparison::AtMost => "含本数",
            Comparison::Above | Comparison::Below => "不含本数",
        }
    }
}

/// What one word means, and where that meaning is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    pub word: String,
    pub meaning: Comparison,
    pub citation: String,
    pub text: String,
}

const CIVIL_CODE_CITATION: &str = "《中华人民共和国民法典》第一千二百五十九条";
const CIVIL_CODE_TEXT: &str = "民法所称的“以上”、“以下”、“以内”、“届满”，包括本数；所称的“不满”、“超过”、“以外”，不包括本数。";
const PLAIN_MEANING: &str = "词语本义";

/// The general definitions: 民法典 第一千二百五十九条 for 以上/以下/以内/届满/不满/超过, and the plain
/// meaning for the negated comparisons (不少于 = not less than, so the bound itself qualifies).
fn general(word: &str) -> Option<Term> {
    let (meaning, citation, text) = match word {
        "以上" => (Comparison::AtLeast, CIVIL_CODE_CITATION, CIVIL_CODE_TEXT),
        "以下" | "以内" => (Comparison::AtMost, CIVIL_CODE_CITATION, CIVIL_CODE_TEXT),
        "满" | "届满" => (Comparison::AtLeast, CIVIL_CODE_CITATION, CIVIL_CODE_TEXT),
        "不满" => (Comparison::Below, CIVIL_CODE_CITATION, CIVIL_CODE_TEXT),
        "超过" => (Comparison::Above, CIVIL_CODE_CITATION, CIVIL_CODE_TEXT),
        "不少于" | "不低于" => (
            Comparison::AtLeast,
            PLAIN_MEANING,
            "“不少于”“不低于”：等于本数即满足。",
        ),
        "不超过" | "不高于" => (
            Comparison::AtMost,
            PLAIN_MEANING,
            "“不超过”“不高于”：等于本数即满足。",
        ),
        "低于" | "少于" => (
            Comparison::Below,
            PLAIN_MEANING,
            "“低于”“少于”：等于本数不满足。",
        ),
        _ => return None,
    };
    Some(Term {
        word: word.to_owned(),
        meaning,
        citation: citation.to_owned(),
        text: text.to_owned(),
    })
}

/// A program's own definitions, consulted before the general ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Terms {
    own: BTreeMap<String, Term>,
}

/// How a program file writes one definition under `[terms]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TermRaw {
    pub meaning: Comparison,
    pub citation: String,
    pub text: String,
}

impl Terms {
    pub(crate) fn new(own: &BTreeMap<String, TermRaw>) -> Terms {
        Terms {
            own: own
                .iter()
                .map(|(word, raw)| {
                    let term = Term {
                        word: word.clone(),
                        meaning: raw.meaning,
                        citation: raw.citation.clone(),
                        text: raw.text.clone(),
                    };
                    (word.clone(), term)
                })
                .collect(),
        }
    }

    /// The meaning of `word` in this program, or `None` for a word nobody defines.
    pub fn lookup(&self, word: &str) -> Option<Term> {
        self.own.get(word).cloned().or_else(|| general(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn huiyang() -> Terms {
        let raw = |meaning| TermRaw {
            meaning,
            citation: "惠阳区区管首席技师办法 第二十条".to_owned(),
            text: "本办法中的“以上”均含本数，“以下”均不含本数。".to_owned(),
        };
        Terms::new(&BTreeMap::from([
            ("以上".to_owned(), raw(Comparison::AtLeast)),
            ("以下".to_owned(), raw(Comparison::Below)),
        ]))
    }

    #[test]
    fn yishang_includes_the_bound_in_general_and_in_huiyang() {
        for terms in [Terms::default(), huiyang()] {
            let term = terms.lookup("以上").unwrap();
            assert!(term.meaning.holds(12, 12));
            assert!(!term.meaning.holds(11, 12));
        }
    }

    #[test]
    fn yixia_excludes_the_bound_where_huiyang_article_20_says_so() {
        let term = huiyang().lookup("以下").unwrap();
        assert_eq!(term.citation, "惠阳区区管首席技师办法 第二十条");
        assert!(!term.meaning.holds(35, 35));
        assert!(term.meaning.holds(34, 35));
    }

    #[test]
    fn yixia_includes_the_bound_under_the_civil_code() {
        let term = Terms::default().lookup("以下").unwrap();
        assert!(term.meaning.holds(35, 35));
        assert!(term.citation.contains("第一千二百五十九条"));
    }

    #[test]
    fn buchaoguo_and_bushaoyu_include_the_bound() {
        let terms = Terms::default();
        assert!(terms.lookup("不超过").unwrap().meaning.holds(55, 55));
        assert!(!terms.lookup("不超过").unwrap().meaning.holds(56, 55));
        assert!(terms.lookup("不少于").unwrap().meaning.holds(5, 5));
        assert!(!terms.lookup("不少于").unwrap().meaning.holds(4, 5));
        assert!(terms.lookup("满").unwrap().meaning.holds(60, 60));
    }

    #[test]
    fn chaoguo_and_buman_exclude_the_bound() {
        let terms = Terms::default();
        assert!(!terms.lookup("超过").unwrap().meaning.holds(55, 55));
        assert!(!terms.lookup("不满").unwrap().meaning.holds(60, 60));
    }

    #[test]
    fn an_unknown_word_has_no_meaning() {
        assert!(Terms::default().lookup("左右").is_none());
    }
}
