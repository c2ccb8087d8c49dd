//! Where a mention of a plain-text or Markdown article is in its file as it is on disk,
//! so that grep-style `PATH:LINE:COL:` output lands editors (`vim -q`) on it: the body's
//! words are found, paragraph by paragraph and in order, among the file's words (in
//! Markdown, inside them: `**Russia**`, `[Russia](…)`).

use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;

use crate::corpus::{Article, Format};

/// How many words of a paragraph must follow each other in the file to place it there.
const ANCHOR_WORDS: usize = 4;

/// Body words and the file words they were found as.
pub struct DiskMap<'a> {
    file: Cow<'a, str>,
    /// Whether the file is ASCII (columns in characters are then bytes).
    ascii: bool,
    /// Where each line of the file starts.
    line_starts: Vec<usize>,
    /// (byte range of a word in the body, byte offset of that word in the file).
    words: Vec<(Range<usize>, usize)>,
}

fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    // PERF: byte by byte, decoding only what is not ASCII (the whole file is walked for
    // every article).
    while i < bytes.len() {
        let (space, len) = match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' => (true, 1),
            b if b.is_ascii() => (false, 1),
            _ => text[i..]
                .chars()
                .next()
                .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8())),
        };
        match (space, start) {
            (true, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
        i += len;
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

impl<'a> DiskMap<'a> {
    /// The map for `article`, when it was read from a text or Markdown file that can
    /// still be read as UTF-8 (the other formats change the words they show): from the
    /// file's text the article kept, or else the file read again.
    pub fn for_article(article: &'a Article) -> Option<Self> {
        let markdown = article.format == Format::Markdown;
        if !(article.format == Format::Text || markdown)
            || article.path == Path::new(crate::corpus::STDIN)
        {
            return None;
        }
        let file = match &article.file_text {
            Some(kept) => Cow::Borrowed(kept.as_str()),
            None => Cow::Owned(std::fs::read_to_string(&article.path).ok()?),
        };
        let body = &article.body;
        // The file's words, split only when a paragraph is not in the file as it is.
        let mut file_words: Option<Vec<Range<usize>>> = None;
        let mut map = Vec::new();
        // Where in the file the next paragraph may begin.
        let mut after = 0;
        for paragraph in &article.paragraphs {
            if let Some(at) = verbatim(&file, after, &body[paragraph.clone()]) {
                map.push((paragraph.clone(), at));
                after = at + paragraph.len();
                continue;
            }
            let file_words = file_words.get_or_insert_with(|| words(&file));
            let cursor = file_words.partition_point(|w| w.start < after);
            if let Some(k) = place_words(
                &file, file_words, cursor, body, paragraph, markdown, &mut map,
            ) {
                after = file_words[k - 1].end;
            }
        }
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', file.as_bytes()).map(|i| i + 1))
            .collect();
        Some(Self {
            ascii: file.is_ascii(),
            file,
            line_starts,
            words: map,
        })
    }

    /// The 1-based line and column (in characters) in the file of body byte `offset`.
    pub fn position(&self, offset: usize) -> Option<(usize, usize)> {
        let i = self.words.partition_point(|(w, _)| w.end <= offset);
        let (word, at) = self.words.get(i).filter(|(w, _)| w.start <= offset)?;
        let there = at + (offset - word.start);
        // PERF: a binary search for the line, not a walk of the file per mention.
        let line = self.line_starts.partition_point(|&s| s <= there);
        let start = self.line_starts[line - 1];
        let column = crate::text::count_chars(&self.file[start..there], self.ascii);
        Some((line, column + 1))
    }
}

/// Where a paragraph is in the file as it is, from byte `after`: on a line of its own
/// (but for the spaces around it), within the next few KiB (past the lines the body left
/// out). Most paragraphs of a plain-text file are.
fn verbatim(file: &str, after: usize, paragraph: &str) -> Option<usize> {
    const SLACK: usize = 4096;
    let spaced = |b: Option<&u8>| b.is_none_or(u8::is_ascii_whitespace);
    let bytes = file.as_bytes();
    let fits = |at: usize| {
        bytes[at..].starts_with(paragraph.as_bytes())
            && spaced(at.checked_sub(1).map(|b| &bytes[b]))
            && spaced(bytes.get(at + paragraph.len()))
    };
    // Usually the very next thing in the file.
    let next = after + file[after..].len() - file[after..].trim_start().len();
    if fits(next) {
        return Some(next);
    }
    let end = crate::text::floor_boundary(file, after + paragraph.len() + SLACK);
    // Each place its first byte is, tried in turn: cheaper, for one search, than building
    // a searcher for the whole paragraph.
    let &first = paragraph.as_bytes().first()?;
    memchr::memchr_iter(first, &bytes[after..end])
        .map(|i| after + i)
        .find(|&at| fits(at))
}

/// Places the words of body `paragraph` among the file's words from word `cursor` on,
/// once its first few follow each other there; returns the file word after the last one
/// placed.
fn place_words(
    file: &str,
    file_words: &[Range<usize>],
    cursor: usize,
    body: &str,
    paragraph: &Range<usize>,
    markdown: bool,
    map: &mut Vec<(Range<usize>, usize)>,
) -> Option<usize> {
    let para_words: Vec<Range<usize>> = words(&body[paragraph.clone()])
        .into_iter()
        .map(|w| w.start + paragraph.start..w.end + paragraph.start)
        // Markdown shows syntax as marks the file does not have (`•` for `-`).
        .filter(|w| !markdown || body[w.clone()].contains(char::is_alphanumeric))
        .collect();
    if para_words.is_empty() {
        return None;
    }
    let anchor = para_words.len().min(ANCHOR_WORDS);
    // Where body word `b` is in file word `f`: the same word, the word with character
    // references in the file (`AT&amp;T`), or (in Markdown) the word with its syntax
    // around it.
    let place = |b: &Range<usize>, f: &Range<usize>| {
        let (word, there) = (&body[b.clone()], &file[f.clone()]);
        if word == there || there.contains('&') && crate::corpus::decode_references(there) == word {
            Some(f.start)
        } else if markdown {
            // The word's letters and digits, where syntax may sit between them and its
            // punctuation ("*Astana*.").
            let core = word.trim_matches(|c: char| !c.is_alphanumeric());
            let lead = word.find(core).unwrap_or(0);
            (!core.is_empty())
                .then(|| there.find(core))
                .flatten()
                .map(|i| (f.start + i).saturating_sub(lead))
        } else {
            None
        }
    };
    let same = |b: &Range<usize>, f: &Range<usize>| place(b, f).is_some();
    let mut k = (cursor..file_words.len().saturating_sub(anchor - 1).max(cursor)).find(|&k| {
        (0..anchor).all(|j| {
            file_words
                .get(k + j)
                .is_some_and(|f| same(&para_words[j], f))
        })
    })?;
    for w in para_words {
        match (k..file_words.len()).find_map(|x| Some((x, place(&w, &file_words[x])?))) {
            Some((x, at)) => {
                map.push((w, at));
                k = x + 1;
            }
            None => break,
        }
    }
    Some(k)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The article read from a file `name` holding `text`, and where each byte of its
    /// body is there: the same from the file's text kept as it was read as from the
    /// file read again.
    fn placed(name: &str, text: &str) -> (Article, Vec<Option<(usize, usize)>>) {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        let read = |file_text: bool| {
            let options = crate::corpus::ReadOptions {
                file_text,
                ..Default::default()
            };
            crate::corpus::read_file(&path, &options)
                .expect("read")
                .0
                .remove(0)
        };
        let (kept, again) = (read(true), read(false));
        assert!(kept.file_text.is_some() && again.file_text.is_none());
        let positions = |article: &Article| {
            let map = DiskMap::for_article(article).expect("a map");
            (0..article.body.len())
                .map(|i| map.position(i))
                .collect::<Vec<_>>()
        };
        let there = positions(&kept);
        assert_eq!(there, positions(&again));
        (kept, there)
    }

    /// Where on disk the first `word` of the article's body is.
    fn first(
        article: &Article,
        there: &[Option<(usize, usize)>],
        word: &str,
    ) -> Option<(usize, usize)> {
        there[article.body.find(word).expect(word)]
    }

    #[test]
    fn words_are_split_at_every_kind_of_space() {
        let text = "Hello,\u{a0}Astana\u{2003}talks\x0Bgo\ton  \r\nnaïve café ";
        let expected: Vec<&str> = text
            .split(char::is_whitespace)
            .filter(|w| !w.is_empty())
            .collect();
        let got: Vec<&str> = words(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn positions_are_in_the_file_as_it_is_on_disk() {
        let text = "Talks resume in Geneva\n\nBy a reporter\n\nThe envoys of Russia and\nIran met again.\n\n  Russia spoke first.\n";
        let (article, map) = placed("story.txt", text);
        let body = &article.body;
        let second = body.rfind("Russia").expect("second Russia");
        assert_eq!(map[second], Some((8, 3)));
        assert_eq!(first(&article, &map, "Iran"), Some((6, 1)));
    }

    #[test]
    fn a_paragraph_is_placed_where_all_of_it_is_not_where_its_first_words_are() {
        let lead = "ASTANA // Russia, Iran and Turkey met on Tuesday to shore up a plan.";
        let text = format!("Talks in Astana continue\n\n{lead}\n\n{lead} {lead}\n\nIran spoke.\n");
        let (article, map) = placed("story.txt", &text);
        let body = &article.body;
        let from = body
            .find(&format!("{lead} {lead}"))
            .expect("the doubled paragraph");
        let russia = from + lead.find("Russia").expect("Russia");
        assert_eq!(map[russia], Some((5, 11)));
        let second = russia + lead.len() + 1;
        assert_eq!(map[second], Some((5, 11 + lead.len() + 1)));
        let iran = body.rfind("Iran spoke").expect("last paragraph");
        assert_eq!(map[iran], Some((7, 1)));
    }

    #[test]
    fn words_with_character_references_are_placed_where_the_file_writes_them() {
        let text =
            "Markets\n\nA standfirst.\n\nShares of Procter &amp; Gamble rose; AT&amp;T fell.\n";
        let (article, map) = placed("story.txt", text);
        assert_eq!(first(&article, &map, "Gamble"), Some((5, 25)));
        assert_eq!(first(&article, &map, "AT&T"), Some((5, 38)));
    }

    #[test]
    fn markdown_positions_are_in_the_file_past_its_syntax() {
        let text = "# Talks resume\n\nThe envoys of **Russia** and\n[Iran](https://example.com) met again in *Astana*.\n\n> Russia spoke first.\n";
        let (article, map) = placed("story.md", text);
        assert_eq!(article.format, Format::Markdown);
        assert_eq!(first(&article, &map, "Russia"), Some((3, 17)));
        assert_eq!(first(&article, &map, "Iran"), Some((4, 2)));
        assert_eq!(first(&article, &map, "Astana"), Some((4, 43)));
        let second = article.body.rfind("Russia").expect("second");
        assert_eq!(map[second], Some((6, 3)));
    }
}
