pub mod dump;
pub mod serve;
