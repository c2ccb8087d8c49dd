//! Discovery: the entities nobody listed, found in the articles themselves. The world
//! layer (`assets/world.json`: countries, capitals, regions, international
//! organisations) names what it knows; everything else comes from rules on the text.

pub mod background;
mod find;
pub mod lists;
mod registry;
mod words;
mod world;

pub use find::{Found, discover, normalise};
pub use registry::{Discovered, Registry, Status, slug};
pub use words::{ABBREVIATIONS, Shape, Word, words};

use std::path::Path;
use std::sync::OnceLock;

use crate::entities::Gazetteer;

/// The world layer compiled into the binary (made by `assets/generate_world.py`).
pub const WORLD: &str = include_str!("../../assets/world.json");

/// The world layer, read once.
pub fn world() -> &'static Gazetteer {
    static WORLD_LAYER: OnceLock<Gazetteer> = OnceLock::new();
    WORLD_LAYER.get_or_init(|| {
        // The compiled-in file is checked by a unit test, so this cannot fail at run time.
        Gazetteer::parse(WORLD, Path::new("assets/world.json"))
            .unwrap_or_else(|e| panic!("built-in world layer is invalid: {e}"))
    })
}

/// The world layer's names, indexed by first word once.
pub fn world_names() -> &'static world::Names {
    static NAMES: OnceLock<world::Names> = OnceLock::new();
    NAMES.get_or_init(|| world::Names::new(world()))
}

/// [`discover`], with what it finds kept in the article cache under `key` (see
/// [`crate::cache::found_key`]), when this process has a cache, for the next reading of
/// the same text.
pub fn discover_keeping(
    key: Option<u64>,
    text: &str,
    paragraphs: &[std::ops::Range<usize>],
    tracked: &[crate::entities::Mention],
) -> Vec<Found> {
    let found = discover(text, paragraphs, tracked);
    if let Some((cache, key)) = crate::cache::shared().zip(key) {
        cache.keep_found(key, &found);
    }
    found
}

#[cfg(test)]
mod tests;
