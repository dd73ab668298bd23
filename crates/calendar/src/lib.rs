//! Time as the law counts it: the official working-day calendar of the State Council's
//! holiday notices, statutory periods (民法典 第二百零一条至第二百零三条), and the statutory
//! retirement age with its gradual raise from 2025-01-01.
#![forbid(unsafe_code)]

pub mod age;
pub mod holidays;
pub mod period;
pub mod retirement;
