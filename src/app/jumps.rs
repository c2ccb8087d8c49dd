//! The jump list, as vim keeps it: every jump records where it left from; `Ctrl-o` goes
//! back through those places and `Ctrl-i` forward again; a new jump after going back
//! drops the places ahead.

use crate::wrap::Anchor;

/// Most places kept; the oldest go first.
pub const CAPACITY: usize = 100;

/// A reading position: the article, what was at the top, and the current mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub doc: usize,
    pub top: Anchor,
    pub mention: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct JumpList {
    places: Vec<Place>,
    /// Where `back` goes next is `places[index - 1]`; `index == places.len()` when not
    /// travelling through the list.
    index: usize,
}

impl JumpList {
    /// Records that a jump leaves `from`.
    pub fn record(&mut self, from: Place) {
        self.places.truncate(self.index);
        // The same place twice in a row is one entry.
        if self.places.last() != Some(&from) {
            self.places.push(from);
        }
        if self.places.len() > CAPACITY {
            self.places.remove(0);
        }
        self.index = self.places.len();
    }

    /// The mentions of document `doc` moved (names found in it after it was loaded):
    /// each place there points at its mention's new index, or at none.
    pub fn remap(&mut self, doc: usize, new_index: impl Fn(usize) -> Option<usize>) {
        for place in self.places.iter_mut().filter(|p| p.doc == doc) {
            place.mention = place.mention.and_then(&new_index);
        }
    }

    /// The place before `here`, if any. `here` is remembered so `forward` can return.
    pub fn back(&mut self, here: Place) -> Option<Place> {
        if self.index == 0 {
            return None;
        }
        if self.index == self.places.len() {
            if self.places.last() != Some(&here) {
                self.places.push(here);
            }
            self.index = self.places.len() - 1;
            if self.index == 0 {
                return None;
            }
        }
        self.index -= 1;
        Some(self.places[self.index])
    }

    /// The place after the current one, after going back.
    pub fn forward(&mut self) -> Option<Place> {
        if self.index + 1 >= self.places.len() {
            return None;
        }
        self.index += 1;
        Some(self.places[self.index])
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wrap::Part;

    fn at(doc: usize) -> Place {
        Place {
            doc,
            top: Anchor {
                part: Part::Body,
                offset: 0,
            },
            mention: None,
        }
    }

    #[test]
    fn back_and_forward_walk_the_recorded_places() {
        let mut j = JumpList::default();
        j.record(at(1));
        j.record(at(2));
        // Now at 3.
        assert_eq!(j.back(at(3)), Some(at(2)));
        assert_eq!(j.back(at(2)), Some(at(1)));
        assert_eq!(j.back(at(1)), None);
        assert_eq!(j.forward(), Some(at(2)));
        assert_eq!(
            j.forward(),
            Some(at(3)),
            "forward returns to where back began"
        );
        assert_eq!(j.forward(), None);
    }

    #[test]
    fn a_new_jump_after_going_back_drops_the_places_ahead() {
        let mut j = JumpList::default();
        j.record(at(1));
        j.record(at(2));
        assert_eq!(j.back(at(3)), Some(at(2)));
        assert_eq!(j.back(at(2)), Some(at(1)));
        // Jump from 1 to 9: 2 and 3 are gone.
        j.record(at(1));
        assert_eq!(j.forward(), None);
        assert_eq!(j.back(at(9)), Some(at(1)));
        assert_eq!(j.back(at(1)), None);
        assert_eq!(j.len(), 2);
    }

    #[test]
    fn repeats_collapse_and_the_list_is_bounded() {
        let mut j = JumpList::default();
        j.record(at(1));
        j.record(at(1));
        assert_eq!(j.len(), 1);
        for d in 0..(CAPACITY * 2) {
            j.record(at(d));
        }
        assert_eq!(j.len(), CAPACITY);
        assert_eq!(j.back(at(usize::MAX)), Some(at(CAPACITY * 2 - 1)));
    }

    #[test]
    fn nothing_recorded_means_nowhere_to_go() {
        let mut j = JumpList::default();
        assert!(j.is_empty());
        assert_eq!(j.back(at(0)), None);
        assert_eq!(j.forward(), None);
    }
}
