//! newslens: read several news articles about one story, with their entities highlighted
//! and every mention one key away.

pub mod entities;
pub mod corpus;
