//! `drill`: proves that a dump restores, end to end, into a scratch database, and keeps
//! the evidence next to the dump (`evidence`).

pub mod evidence;
