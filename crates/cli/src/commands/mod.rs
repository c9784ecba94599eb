pub mod copy;
pub mod demo;
pub mod dump;
pub mod serve;
