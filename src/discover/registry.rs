//! The corpus's discovered entities: each key's mentions gathered into one entity with
//! a name, a kind from the votes of its cues, and its variants, in the order found.

use rustc_hash::{FxHashMap, FxHashSet};

use super::find::{Found, normalise};
use super::world;
use crate::entities::{Entity, EntityId, Kind};

/// The key of the world-layer entity `id`: its name normalised, worked out once.
fn world_key(id: EntityId) -> &'static str {
    static KEYS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| world().iter().map(|(_, e)| normalise(&e.name)).collect());
    &keys[id.index()]
}

/// What the user made of a discovered entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Listed in the panel's discovered section and underlined in the text.
    Shown,
    /// Hidden with `-`: neither listed nor drawn, and not offered again.
    Hidden,
    /// Promoted with `+`: written to the user's entity file and drawn as tracked.
    Promoted,
}

/// One discovered entity.
#[derive(Debug, Clone)]
pub struct Discovered {
    /// What its mentions share (see [`Found::key`]).
    pub key: String,
    /// Its name (the fullest variant, or the world layer's name), kind and the other
    /// variants as aliases; the id is a slug of the name.
    pub entity: Entity,
    /// The world-layer entity, if it is one.
    pub world: Option<EntityId>,
    /// Each spelling seen, with how often.
    pub variants: Vec<(String, u32)>,
    /// Cue votes: person, organisation, place.
    votes: [u32; 3],
    /// The recogniser's greatest confidence in any of its mentions.
    best: f32,
    pub status: Status,
}

impl Discovered {
    /// How many times a cue typed it as each kind: person, organisation, place.
    pub fn votes(&self) -> [u32; 3] {
        self.votes
    }

    /// The recogniser's greatest confidence in any of its mentions (0 to 1).
    pub fn confidence(&self) -> f32 {
        self.best
    }

    /// The kind its mentions vote for; the world layer's kind wins, and with no cue at
    /// all it is `Other`.
    fn kind(&self) -> Kind {
        if let Some(id) = self.world {
            return world().get(id).kind;
        }
        let [person, organisation, place] = self.votes;
        let most = person.max(organisation).max(place);
        if most == 0 {
            Kind::Other
        } else if person == most {
            Kind::Person
        } else if organisation == most {
            Kind::Organisation
        } else {
            Kind::Place
        }
    }

    /// The name: the world layer's, else the variant of most words, then the most seen,
    /// then the first.
    fn name(&self) -> &str {
        if let Some(id) = self.world {
            return &world().get(id).name;
        }
        let mut best: Option<&(String, u32)> = None;
        for v in &self.variants {
            let words = |s: &str| s.split_whitespace().count();
            if best.is_none_or(|b| (words(&v.0), v.1) > (words(&b.0), b.1)) {
                best = Some(v);
            }
        }
        best.map_or("", |b| b.0.as_str())
    }

    /// Name and aliases again, after a new variant or a change in the counts.
    fn rename(&mut self) {
        if self.name() != self.entity.name {
            self.entity.name = self.name().to_owned();
        }
        let name = &self.entity.name;
        self.entity.aliases = self
            .variants
            .iter()
            .filter(|(v, _)| v != name)
            .map(|(v, _)| v.clone())
            .collect();
    }
}

/// Every discovered entity of a corpus.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    entities: Vec<Discovered>,
    by_key: FxHashMap<String, usize>,
    /// Normalised names the entity files hide.
    hidden: FxHashSet<String>,
    /// The tracked entities' ids, which no discovered entity may take.
    reserved: FxHashSet<String>,
    /// Which discovered entity holds each id given out.
    owners: FxHashMap<String, usize>,
}

impl Registry {
    /// An empty registry that never offers the `hidden` names.
    pub fn new(hidden: &[String]) -> Self {
        Self {
            hidden: hidden.iter().map(|h| normalise(h)).collect(),
            ..Self::default()
        }
    }

    /// The same, its ids kept apart from the tracked entities' `ids`: every entity of a
    /// corpus has an id of its own.
    pub fn beside<'a>(hidden: &[String], ids: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            reserved: ids.into_iter().map(str::to_owned).collect(),
            ..Self::new(hidden)
        }
    }

    /// Gives entity `k` the id its name makes, or that id with `-2`, `-3`… when a tracked
    /// entity or another discovered one holds it.
    fn claim_id(&mut self, k: usize) {
        let base = slug(&self.entities[k].entity.name);
        let current = &self.entities[k].entity.id;
        let fits = |id: &str| {
            id == base
                || id
                    .strip_prefix(&base)
                    .is_some_and(|r| r.starts_with('-') && r[1..].parse::<u32>().is_ok())
        };
        if !current.is_empty() && fits(current) && self.owners.get(current) == Some(&k) {
            return;
        }
        if self.owners.get(current) == Some(&k) {
            self.owners.remove(current);
        }
        let mut id = base.clone();
        let mut n = 1;
        while self.reserved.contains(&id) || self.owners.get(&id).is_some_and(|&o| o != k) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.owners.insert(id.clone(), k);
        self.entities[k].entity.id = id;
    }

    /// The entity of a mention found in `text`: registered on first sight, its variant
    /// and cue counted. `None` when the entity is hidden.
    pub fn intern(&mut self, text: &str, found: &Found) -> Option<EntityId> {
        let variant = &text[found.range.clone()];
        // A world name and the same name found as a run ("VATICAN CITY" in a dateline,
        // "Vatican City" from the world list) are one entity, whichever came first.
        let world_name = found.world.map(world_key);
        let known = self
            .by_key
            .get(found.key.as_str())
            .or_else(|| world_name.and_then(|n| self.by_key.get(n)))
            .copied();
        if let Some(k) = known {
            // Keys are copied in only when new: most mentions are of a name met before.
            for key in std::iter::once(found.key.as_str()).chain(world_name) {
                if !self.by_key.contains_key(key) {
                    self.by_key.insert(key.to_owned(), k);
                }
            }
            let d = &mut self.entities[k];
            if d.world.is_none() && found.world.is_some() {
                d.world = found.world;
                d.rename();
                self.claim_id(k);
            }
        }
        let k = match known {
            Some(k) => k,
            None => {
                let k = self.entities.len();
                let mut d = Discovered {
                    key: found.key.clone(),
                    entity: Entity {
                        id: String::new(),
                        name: String::new(),
                        kind: Kind::Other,
                        aliases: Vec::new(),
                        note: None,
                        affiliation: None,
                        anywhere: Vec::new(),
                    },
                    world: found.world,
                    variants: Vec::new(),
                    votes: [0; 3],
                    best: 0.0,
                    status: Status::Shown,
                };
                let name = world_name.map_or_else(|| normalise(variant), str::to_owned);
                if self.hidden.contains(&name) || self.hidden.contains(&found.key) {
                    d.status = Status::Hidden;
                }
                self.entities.push(d);
                self.by_key.insert(found.key.clone(), k);
                if let Some(name) = world_name {
                    self.by_key.entry(name.to_owned()).or_insert(k);
                }
                k
            }
        };
        let d = &mut self.entities[k];
        if d.status == Status::Hidden {
            return None;
        }
        let renamed = match d.variants.iter_mut().find(|(v, _)| v == variant) {
            Some((_, n)) => {
                *n += 1;
                // More of another spelling may make it the name.
                d.world.is_none() && variant != d.entity.name && {
                    d.rename();
                    true
                }
            }
            None => {
                d.variants.push((variant.to_owned(), 1));
                d.rename();
                true
            }
        };
        match found.cue {
            Some(Kind::Person) => d.votes[0] += 1,
            Some(Kind::Organisation) => d.votes[1] += 1,
            Some(Kind::Place | Kind::Country) => d.votes[2] += 1,
            _ => {}
        }
        d.best = d.best.max(found.confidence);
        d.entity.kind = d.kind();
        if renamed {
            self.claim_id(k);
        }
        Some(EntityId::discovered(k))
    }

    pub fn get(&self, id: EntityId) -> Option<&Discovered> {
        self.entities.get(id.discovered_index()?)
    }

    pub fn get_mut(&mut self, id: EntityId) -> Option<&mut Discovered> {
        self.entities.get_mut(id.discovered_index()?)
    }

    pub fn len(&self) -> usize {
        self.entities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (EntityId, &Discovered)> {
        self.entities
            .iter()
            .enumerate()
            .map(|(k, d)| (EntityId::discovered(k), d))
    }
}

/// An entity id made from a name: lower-case letters and digits, words joined by `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}
