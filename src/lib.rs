//! newslens: read several news articles about one story, with their entities highlighted
//! and every mention one key away.

pub mod action;
pub mod app;
pub mod atomic;
pub mod cache;
pub mod cli;
pub mod colour;
pub mod commands;
pub mod config;
pub mod corpus;
pub mod discover;
pub mod document;
pub mod effects;
pub mod entities;
pub mod fetch;
pub mod index;
pub mod invariants;
pub mod key;
pub mod keymap;
pub mod layout;
pub mod loader;
pub mod ner;
pub mod search;
pub mod settings;
pub mod sources;
pub mod state;
pub mod text;
pub mod theme;
pub mod tui;
pub mod ui;
pub mod wrap;
