//! `cargo run -p jiangxin-policy --example check -- PROGRAM FACTS.json [CATEGORY] [PARAM=VALUE ...]`
//! prints the explanation as `jiangxin check` will, for trying a program file by hand.
use jiangxin_policy::{Facts, ParameterOverrides, ProgramSet, check, render_text};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [program, facts, rest @ ..] = args.as_slice() else {
        return Err("usage: check PROGRAM FACTS.json [CATEGORY] [PARAM=VALUE ...]".into());
    };
    let mut overrides = ParameterOverrides::new();
    let mut category = None;
    for arg in rest {
        if arg.contains('=') {
            overrides.parse_assignment(arg)?;
        } else {
            category = Some(arg.as_str());
        }
    }
    let set = ProgramSet::builtin()?;
    let facts = Facts::from_json(&std::fs::read_to_string(facts)?)?;
    for decision in check(&set, program, category, &facts, None, &overrides)? {
        println!("{}", render_text(&decision));
    }
    Ok(())
}
