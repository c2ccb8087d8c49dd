//! Text measurement shared by the commands and the panel: where a byte offset sits in
//! characters, lines and columns, keyword-in-context snippets around a mention, and
//! sentence boundaries for co-occurrence.

use std::borrow::Cow;
use std::ops::Range;

/// Text from outside the program (a file name, an entity file's value, a page's title) as
/// it may be printed to a terminal: every control character shown as its Unicode control
/// picture (ESC as ␛, a line break as ␊, as `less` shows `^[`), C1 controls as U+FFFD, and
/// the bidirectional overrides that reorder text on screen dropped. Text with none of
/// these is borrowed as it is.
pub fn visible(text: &str) -> Cow<'_, str> {
    // Only the characters at bytes that may start a control character are decoded ("…"
    // and "–" start like a bidi control, so a snippet cut short has at least one).
    let bytes = text.as_bytes();
    let mut i = 0;
    let shown = loop {
        let Some(at) = next_suspect(bytes, i, may_start_control) else {
            break true;
        };
        let c = text[at..].chars().next().unwrap_or('\u{fffd}');
        if c.is_control() || is_bidi_control(c) {
            break false;
        }
        i = at + c.len_utf8();
    };
    if shown {
        return Cow::Borrowed(text);
    }
    Cow::Owned(shown_each(text))
}

/// [`visible`] a character at a time.
fn shown_each(text: &str) -> String {
    text.chars()
        .filter(|&c| !is_bidi_control(c))
        .map(|c| {
            if c.is_control() {
                visible_control(c)
            } else {
                c
            }
        })
        .collect()
}

/// [`visible`], but line breaks stay: for messages whose lines are the program's own.
pub fn visible_lines(text: &str) -> String {
    text.split('\n').map(visible).collect::<Vec<_>>().join("\n")
}

/// The printable stand-in for control character `c`: its control picture (C0, DEL), or
/// U+FFFD (C1).
pub fn visible_control(c: char) -> char {
    match u32::from(c) {
        n @ 0..0x20 => char::from_u32(0x2400 + n).unwrap_or('\u{fffd}'),
        0x7f => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// Whether byte `b` of UTF-8 text can begin a control character (C0, DEL, or C1, which
/// is 0xC2 0x80..0x9F) or a bidi control (U+061C is 0xD8 0x9C; the others start 0xE2):
/// text without one needs no cleaning, which a pass over its bytes tells.
pub fn may_start_control(b: u8) -> bool {
    (b < 0x20) | (b == 0x7f) | (b == 0xc2) | (b == 0xd8) | (b == 0xe2)
}

/// The first byte of `bytes` from `from` on for which `suspect` holds. Stretches without
/// one are passed over 32 bytes at a time, with a test the compiler vectorises: `suspect`
/// must be cheap and branch-free.
pub fn next_suspect(bytes: &[u8], from: usize, suspect: impl Fn(u8) -> bool) -> Option<usize> {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 32)
        && !chunk.iter().fold(false, |any, &b| any | suspect(b))
    {
        i += 32;
    }
    // Fewer than 32 bytes left, or a chunk with one: looked at as a whole first.
    let rest = bytes.get(i..)?;
    if rest.len() < 32 && !rest.iter().fold(false, |any, &b| any | suspect(b)) {
        return None;
    }
    rest.iter().position(|&b| suspect(b)).map(|k| i + k)
}

/// The invisible characters that reorder the text around them on screen.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Where a byte offset sits in a text, for people and for tools that count characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Characters (Unicode scalar values) before it: what Python, brat, doccano and
    /// displaCy call the offset.
    pub char: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Converts ascending byte offsets of one text to [`Position`]s in one pass.
#[derive(Debug)]
pub struct Locator<'t> {
    text: &'t str,
    /// Whether the text is ASCII, where characters are bytes and need no counting.
    ascii: bool,
    byte: usize,
    at: Position,
}

impl<'t> Locator<'t> {
    pub fn new(text: &'t str) -> Self {
        Self {
            text,
            ascii: text.is_ascii(),
            byte: 0,
            at: Position {
                char: 0,
                line: 1,
                column: 1,
            },
        }
    }

    /// The position of byte `offset`, which must be on a character boundary. Offsets
    /// are expected in ascending order; an earlier one restarts from the beginning.
    pub fn locate(&mut self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        if offset < self.byte {
            *self = Self::new(self.text);
        }
        let stretch = &self.text[self.byte..offset];
        let chars = count_chars(stretch, self.ascii);
        self.at.char += chars;
        match memchr::memrchr(b'\n', stretch.as_bytes()) {
            Some(last) => {
                self.at.line += memchr::memchr_iter(b'\n', stretch.as_bytes()).count();
                self.at.column = count_chars(&stretch[last + 1..], self.ascii) + 1;
            }
            None => self.at.column += chars,
        }
        self.byte = offset;
        self.at
    }
}

/// Converts byte offsets of one text to character offsets, counting only the characters
/// between one offset and the next (in either direction): a text's mentions, starts and
/// ends in turn, cost one pass.
#[derive(Debug)]
pub struct CharOffsets<'t> {
    text: &'t str,
    ascii: bool,
    byte: usize,
    char: usize,
}

impl<'t> CharOffsets<'t> {
    pub fn new(text: &'t str) -> Self {
        Self {
            text,
            ascii: text.is_ascii(),
            byte: 0,
            char: 0,
        }
    }

    /// The characters before byte `offset`, which must be on a character boundary.
    pub fn at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset >= self.byte {
            self.char += count_chars(&self.text[self.byte..offset], self.ascii);
        } else {
            self.char -= count_chars(&self.text[offset..self.byte], self.ascii);
        }
        self.byte = offset;
        self.char
    }
}

/// The characters of `s`, a stretch of a text that is all ASCII when `ascii` holds.
pub fn count_chars(s: &str, ascii: bool) -> usize {
    if ascii { s.len() } else { s.chars().count() }
}

/// One line of keyword-in-context: the mention with some words either side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The line, with whitespace made single spaces and "…" where context was cut.
    pub text: String,
    /// The mention's byte range in `text`.
    pub mention: Range<usize>,
}

/// A snippet of the mention at bytes `start..end` of `text`, with up to `context`
/// characters either side, cut on word boundaries and never past the paragraph.
pub fn snippet(text: &str, start: usize, end: usize, context: usize) -> Snippet {
    // The paragraph's ends are looked for only as far as the context could reach: more
    // bytes than `context` characters and two more can take (a long paragraph is not
    // walked for each of its mentions).
    let reach = 4 * context + 16;
    let bytes = text.as_bytes();
    let lo = floor_boundary(text, start.saturating_sub(reach));
    let para_start = rfind_break(&bytes[lo..start]).map_or(lo, |i| lo + i + 2);
    let hi = ceil_boundary(text, end.saturating_add(reach));
    let para_end = find_break(&bytes[end..hi]).map_or(hi, |i| end + i);
    let left = left_context(&text[para_start..start], context);
    let right = right_context(&text[end..para_end], context);
    joined(left, &text[start..end], right)
}

/// Where the first paragraph break ("\n\n") of `bytes` starts. (`memmem::find` would
/// build a searcher for each call: two per mention.)
fn find_break(bytes: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b'\n', bytes).find(|&i| bytes.get(i + 1) == Some(&b'\n'))
}

/// Where the last paragraph break ("\n\n") of `bytes` starts.
fn rfind_break(bytes: &[u8]) -> Option<usize> {
    memchr::memrchr_iter(b'\n', bytes)
        .find(|&i| i > 0 && bytes[i - 1] == b'\n')
        .map(|i| i - 1)
}

/// A snippet of `mention` between its contexts, each with whether it was cut (`…`).
fn joined(left: (&str, bool), mention: &str, right: (&str, bool)) -> Snippet {
    let ((left, cut_left), (right, cut_right)) = (left, right);
    let mut out = String::with_capacity(left.len() + mention.len() + right.len() + 8);
    if cut_left {
        out.push('…');
    }
    push_flat(&mut out, left.trim_start());
    let mention_start = out.len();
    push_flat(&mut out, mention);
    let mention_end = out.len();
    push_flat(&mut out, right.trim_end());
    if cut_right {
        out.push('…');
    }
    Snippet {
        text: out,
        mention: mention_start..mention_end,
    }
}

/// The character boundary of `text` at or before byte `i` (the end when past it).
pub fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The character boundary of `text` at or after byte `i` (the end when past it).
pub fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Appends `s` with every run of whitespace made one space.
fn push_flat(out: &mut String, s: &str) {
    // Copied a run at a time: a run of whitespace starts at a byte that may start
    // whitespace other than a space, or at two spaces (a lone space stays as it is).
    let bytes = s.as_bytes();
    let suspect = |b: u8| (b < 0x20) | (b == 0xc2) | (0xe1..=0xe3).contains(&b);
    let mut copied = 0;
    let mut i = 0;
    let mut double = two_spaces(bytes, 0);
    loop {
        if double.is_some_and(|d| d < i) {
            double = two_spaces(bytes, i);
        }
        let at = match (next_suspect(bytes, i, suspect), double) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => break,
        };
        let Some(c) = s[at..].chars().next() else {
            break;
        };
        if !c.is_whitespace() {
            i = at + c.len_utf8();
            continue;
        }
        // The run may have begun with the space before.
        let start = if at > copied && bytes[at - 1] == b' ' {
            at - 1
        } else {
            at
        };
        let end = s.len() - s[at..].trim_start_matches(char::is_whitespace).len();
        out.push_str(&s[copied..start]);
        out.push(' ');
        copied = end;
        i = end;
    }
    out.push_str(&s[copied..]);
}

/// Where the first two spaces in a row of `bytes` from `from` on start. The searcher is
/// built once: building it costs more than searching a short text.
pub fn two_spaces(bytes: &[u8], from: usize) -> Option<usize> {
    static TWO_SPACES: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"  "));
    TWO_SPACES.find(bytes.get(from..)?).map(|k| from + k)
}

fn is_word(c: char) -> bool {
    !c.is_whitespace()
}

/// The end of `before` worth showing: at most `context` characters, starting at a word.
fn left_context(before: &str, context: usize) -> (&str, bool) {
    // Where the last `context` characters begin, found from the end.
    let cut = match context.checked_sub(1) {
        None if before.is_empty() => return (before, false),
        None => before.len(),
        Some(last) => match before.char_indices().nth_back(last) {
            Some((i, _)) if i > 0 => i,
            _ => return (before, false),
        },
    };
    (from_word(before, cut), true)
}

/// `before` from byte `cut` on, starting at a word: a word `cut` falls inside is left
/// out, unless the context is that one long word.
fn from_word(before: &str, cut: usize) -> &str {
    let mid_word = before[..cut].chars().next_back().is_some_and(is_word)
        && before[cut..].chars().next().is_some_and(is_word);
    let from = if mid_word {
        before[cut..]
            .find(char::is_whitespace)
            .map_or(cut, |i| cut + i)
    } else {
        cut
    };
    &before[from..]
}

/// The start of `after` worth showing: at most `context` characters, ending at a word.
fn right_context(after: &str, context: usize) -> (&str, bool) {
    let Some((cut, _)) = after.char_indices().nth(context) else {
        return (after, false);
    };
    let mid_word = after[..cut].chars().next_back().is_some_and(is_word)
        && after[cut..].chars().next().is_some_and(is_word);
    let to = if mid_word {
        after[..cut].rfind(char::is_whitespace).unwrap_or(cut)
    } else {
        cut
    };
    (&after[..to], true)
}

/// Words that end in a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Gen", "Col", "Lt", "Sgt", "Capt", "Gov", "Sen", "Rep",
    "Pres", "Jr", "Sr", "Mt", "No", "vs", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec", "Inc", "Ltd", "Co", "Corp",
];

/// The byte ranges of the sentences of `text`: a sentence ends at `.`, `!` or `?`
/// (with any closing quotes) before a capital letter or an opening quote, unless the
/// word before the stop is an abbreviation or an initialism ("U.S."), and always at a
/// paragraph break. Empty stretches are left out.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let push = |out: &mut Vec<Range<usize>>, from: usize, to: usize| {
        let s = &text[from..to];
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        if lead + trail < s.len() {
            out.push(from + lead..to - trail);
        }
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut line_end = memchr::memchr(b'\n', bytes).unwrap_or(bytes.len());
    while i < bytes.len() {
        // A line break ends a sentence: paragraphs and list items are lines.
        if i >= line_end {
            if i == line_end {
                push(&mut out, start, i);
                start = i + 1;
                i += 1;
            }
            line_end = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
            continue;
        }
        // Within a line, from one stop to the next.
        let Some(at) = memchr::memchr3(b'.', b'!', b'?', &bytes[i..line_end]) else {
            i = line_end;
            continue;
        };
        i += at;
        let b = bytes[i];
        let mut end = i + 1;
        // Closing quotes and brackets belong to the sentence they close.
        while let Some(c) = text[end..].chars().next() {
            if matches!(c, '"' | '\'' | '”' | '’' | ')' | ']') {
                end += c.len_utf8();
            } else {
                break;
            }
        }
        let rest = &text[end..];
        let after = rest.trim_start_matches([' ', '\t']);
        let spaced = after.len() < rest.len();
        let next = after.chars().next();
        let opens = next.is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '“' | '‘'));
        if spaced && opens && !(b == b'.' && is_abbreviation(&text[start..i])) {
            push(&mut out, start, end);
            start = end;
        }
        i = end;
    }
    push(&mut out, start, text.len());
    out
}

/// Whether the last word of `before` (just ahead of a full stop) is an abbreviation.
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let single_letter = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    single_letter || word.contains('.') || ABBREVIATIONS.contains(&word)
}

/// Whether `c` is written in a script without spaces between words (Chinese, Japanese
/// kana, Korean Hangul syllables): a word of Latin letters ends where one begins.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30ff      // Hiragana, Katakana
        | 0x3400..=0x4dbf    // CJK extension A
        | 0x4e00..=0x9fff    // CJK unified ideographs
        | 0xac00..=0xd7af    // Hangul syllables
        | 0xf900..=0xfaff    // CJK compatibility ideographs
        | 0xff66..=0xff9f    // half-width Katakana
        | 0x20000..=0x2fa1f) // CJK extensions B onwards
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence_texts(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    /// The seed articles' bodies.
    fn seed_bodies() -> Vec<String> {
        (0..2)
            .map(|i| {
                crate::corpus::load_nth(&crate::corpus::Input::Builtin, i)
                    .expect("seed")
                    .body
            })
            .collect()
    }

    /// `sentences` as first written, a byte at a time: the reference for the faster one.
    fn sentences_bytewise(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        let push = |out: &mut Vec<Range<usize>>, from: usize, to: usize| {
            let s = &text[from..to];
            let (lead, trail) = (s.len() - s.trim_start().len(), s.len() - s.trim_end().len());
            if lead + trail < s.len() {
                out.push(from + lead..to - trail);
            }
        };
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'\n' {
                push(&mut out, start, i);
                start = i + 1;
                i += 1;
                continue;
            }
            if matches!(b, b'.' | b'!' | b'?') {
                let mut end = i + 1;
                while let Some(c) = text[end..].chars().next() {
                    if !matches!(c, '"' | '\'' | '”' | '’' | ')' | ']') {
                        break;
                    }
                    end += c.len_utf8();
                }
                let rest = &text[end..];
                let after = rest.trim_start_matches([' ', '\t']);
                let next = after.chars().next();
                let opens = next.is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '“' | '‘'));
                if after.len() < rest.len()
                    && opens
                    && !(b == b'.' && is_abbreviation(&text[start..i]))
                {
                    push(&mut out, start, end);
                    start = end;
                }
                i = end;
                continue;
            }
            i += 1;
        }
        push(&mut out, start, text.len());
        out
    }

    #[test]
    fn sentences_found_a_line_and_a_stop_at_a_time_equal_a_byte_at_a_time() {
        let mut texts = seed_bodies();
        texts.extend(
            [
                "",
                "\n",
                "No stop at all",
                "Ends.\n",
                "\n\nTwo. Lines!\nThree? \"Four.\" Five.)\n\n",
                "Mr. Smith met Dr. Jones in the U.S. on Jan. 5. Then? Yes!\"Quoted.\"",
                "A stop before a break.\nAnd one after.\n.\n!?\n",
                "“Curly.” ‘Single.’ (Bracketed.) [Square.] Done…",
                "Tabs.\tAfter. \tMixed.  Spaces.",
            ]
            .map(String::from),
        );
        for text in &texts {
            assert_eq!(sentences(text), sentences_bytewise(text), "{text:?}");
        }
    }

    #[test]
    fn sentences_split_on_stops_before_capitals() {
        assert_eq!(
            sentence_texts("Russia spoke. Iran agreed! Did Turkey? \"Yes,\" he said. Done"),
            [
                "Russia spoke.",
                "Iran agreed!",
                "Did Turkey?",
                "\"Yes,\" he said.",
                "Done"
            ]
        );
    }

    #[test]
    fn abbreviations_initialisms_and_dates_do_not_end_sentences() {
        assert_eq!(
            sentence_texts(
                "He met Stuart Jones, Acting U.S. Assistant Secretary. Mr. Lavrentiev \
                 arrived on Dec. 30 with Gen. Smith. It ended at 3.5 p.m. Then talks."
            ),
            [
                "He met Stuart Jones, Acting U.S. Assistant Secretary.",
                "Mr. Lavrentiev arrived on Dec. 30 with Gen. Smith.",
                "It ended at 3.5 p.m. Then talks."
            ]
        );
    }

    #[test]
    fn paragraphs_always_end_sentences_and_closing_quotes_stay() {
        assert_eq!(
            sentence_texts("A said “no.” Then left\n\nNew paragraph. «Ok»"),
            ["A said “no.”", "Then left", "New paragraph. «Ok»"]
        );
        assert!(sentences("").is_empty());
        assert!(sentences("  \n\n ").is_empty());
    }

    /// `snippet` as first written, walking the whole paragraph: the reference for the
    /// one that looks only as far as the context reaches.
    fn snippet_whole_paragraph(text: &str, start: usize, end: usize, context: usize) -> Snippet {
        let para_start = text[..start].rfind("\n\n").map_or(0, |i| i + 2);
        let para_end = text[end..].find("\n\n").map_or(text.len(), |i| end + i);
        let before = &text[para_start..start];
        let n = before.chars().count();
        let (left, cut_left) = if n <= context {
            (before, false)
        } else {
            let cut = before
                .char_indices()
                .nth(n - context)
                .map_or(before.len(), |(i, _)| i);
            (from_word(before, cut), true)
        };
        let right = right_context(&text[end..para_end], context);
        joined((left, cut_left), &text[start..end], right)
    }

    /// [`push_flat`] a character at a time: what it promises.
    fn push_flat_by_chars(out: &mut String, s: &str) {
        let mut in_space = false;
        for c in s.chars() {
            if !c.is_whitespace() {
                out.push(c);
            } else if !in_space {
                out.push(' ');
            }
            in_space = c.is_whitespace();
        }
    }

    #[test]
    fn flattening_a_run_at_a_time_equals_flattening_a_character_at_a_time() {
        let mut texts = seed_bodies();
        texts.extend(
            [
                "a   b",
                "a \u{a0}b",
                " \n ",
                "x\u{85}y\u{2028}\u{3000}z ©",
                "end  ",
                "  ",
                "tab\there\r\n\u{1680}\u{205f}“q” \u{202f}é",
            ]
            .map(String::from),
        );
        for text in &texts {
            for from in (0..text.len())
                .filter(|&i| text.is_char_boundary(i))
                .step_by(7)
            {
                let (mut ours, mut theirs) = (String::new(), String::new());
                push_flat(&mut ours, &text[from..]);
                push_flat_by_chars(&mut theirs, &text[from..]);
                assert_eq!(ours, theirs, "{:?}", &text[from..]);
            }
        }
    }

    /// Text made of what the run-at-a-time scans treat specially: every kind of
    /// whitespace, controls, quotes, backslashes, bidi controls and letters.
    const TRICKY: &str = "[ \t\n\r\u{b}\u{c}\u{a0}\u{85}\u{1680}\u{2003}\u{2028}\u{202f}\u{3000}ab Zé“”…–\"\\\\\u{1}\u{1f}\u{7f}\u{9f}\u{202e}\u{2066}\u{61c}日]{0,90}";

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 512, ..Default::default() })]

        #[test]
        fn run_at_a_time_scans_equal_their_character_walks(text in TRICKY) {
            let (mut ours, mut theirs) = (String::new(), String::new());
            push_flat(&mut ours, &text);
            push_flat_by_chars(&mut theirs, &text);
            proptest::prop_assert_eq!(ours, theirs);
            proptest::prop_assert_eq!(visible(&text), shown_each(&text));
            proptest::prop_assert_eq!(find_break(text.as_bytes()), text.find("\n\n"));
            proptest::prop_assert_eq!(rfind_break(text.as_bytes()), text.rfind("\n\n"));
        }
    }

    #[test]
    fn flattening_makes_each_run_of_any_whitespace_one_space() {
        for (text, flat) in [
            ("", ""),
            ("one", "one"),
            ("  two\t\n words ", " two words "),
            ("vertical\u{b}tab", "vertical tab"),
            ("nbsp\u{a0}\u{2003} em\u{3000}日本", "nbsp em 日本"),
            ("naïve café—“quoted”", "naïve café—“quoted”"),
        ] {
            let mut out = String::from(">");
            push_flat(&mut out, text);
            assert_eq!(out, format!(">{flat}"), "{text:?}");
        }
        assert_eq!(visible("plain “quotes”"), Cow::Borrowed("plain “quotes”"));
        assert_eq!(
            visible("bell\u{7} \u{202e}bidi\u{85}"),
            "bell␇ bidi\u{fffd}"
        );
    }

    #[test]
    fn snippets_looking_only_as_far_as_the_context_equal_the_whole_paragraph_walk() {
        let mut texts = seed_bodies();
        texts.push(format!(
            "{}\n\n{}",
            "日本語 ".repeat(40),
            "Ωμέγα λέξη ".repeat(30)
        ));
        texts.push("a\n\n\nb c\n\nd".into());
        for text in &texts {
            let starts: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .filter(|&i| i == 0 || text[..i].ends_with([' ', '\n']))
                .collect();
            for &start in &starts {
                let end = text[start..]
                    .find(char::is_whitespace)
                    .map_or(text.len(), |i| start + i);
                for context in [0, 1, 5, 40] {
                    assert_eq!(
                        snippet(text, start, end, context),
                        snippet_whole_paragraph(text, start, end, context),
                        "{start} {context} in {:?}",
                        text.chars().take(40).collect::<String>()
                    );
                }
            }
        }
    }

    fn kwic(text: &str, mention: &str, context: usize) -> Snippet {
        let start = text.find(mention).expect("mention in text");
        snippet(text, start, start + mention.len(), context)
    }

    #[test]
    fn paragraph_breaks_are_found_as_str_finds_them() {
        for text in [
            "",
            "\n",
            "\n\n",
            "a\n\nb\n\n\nc",
            "\n\n\n",
            "a\nb\n",
            "x\n\n",
        ] {
            assert_eq!(find_break(text.as_bytes()), text.find("\n\n"), "{text:?}");
            assert_eq!(rfind_break(text.as_bytes()), text.rfind("\n\n"), "{text:?}");
        }
    }

    #[test]
    fn visible_decodes_only_suspect_bytes_as_a_whole_walk_would() {
        let each = shown_each;
        let long = format!("{}\u{1b}[31m…", "plain words – ".repeat(9));
        for text in [
            "",
            "plain",
            "…cut – dashed “quoted”…",
            "\u{202e}evil\u{2069}\u{200f}\u{061c}",
            "C1\u{85}\u{9f}\u{a0}nbsp\u{7f}\x01\t\n",
            long.as_str(),
        ] {
            assert_eq!(visible(text), each(text), "{text:?}");
            let borrowed = matches!(visible(text), Cow::Borrowed(_));
            assert_eq!(borrowed, each(text) == text, "{text:?}");
        }
    }

    #[test]
    fn character_offsets_go_either_way() {
        let ascii = "Ankara and Iran";
        let mut at = CharOffsets::new(ascii);
        assert_eq!(at.at(11), 11);
        assert_eq!(at.at(3), 3);
        let text = "Añkara 日本 and Iran";
        let mut at = CharOffsets::new(text);
        let iran = text.find("Iran").expect("iran");
        assert_eq!(at.at(iran), 14);
        assert_eq!(at.at(text.find('日').expect("cjk")), 7);
        assert_eq!(at.at(text.len()), 18);
        assert_eq!(at.at(0), 0);
        assert_eq!(at.at(text.len() + 5), 18);
    }

    #[test]
    fn positions_count_characters_lines_and_columns() {
        let text = "Añkara\n\nnext Iran 日本 Turkey";
        let mut loc = Locator::new(text);
        assert_eq!(
            loc.locate(0),
            Position {
                char: 0,
                line: 1,
                column: 1
            }
        );
        let iran = text.find("Iran").expect("iran");
        assert_eq!(
            loc.locate(iran),
            Position {
                char: 13,
                line: 3,
                column: 6
            }
        );
        let turkey = text.find("Turkey").expect("turkey");
        assert_eq!(loc.locate(turkey).char, 21);
        // Going back restarts rather than giving a wrong answer.
        assert_eq!(loc.locate(iran).char, 13);
        let ascii = "Ankara\n\nnext Iran";
        let at = Locator::new(ascii).locate(ascii.find("Iran").expect("iran"));
        assert_eq!(
            at,
            Position {
                char: 13,
                line: 3,
                column: 6
            }
        );
        assert_eq!(loc.locate(usize::MAX).char, text.chars().count());
    }

    #[test]
    fn short_context_is_kept_whole() {
        let s = kwic("Talks with Russia went on.", "Russia", 30);
        assert_eq!(s.text, "Talks with Russia went on.");
        assert_eq!(&s.text[s.mention.clone()], "Russia");
    }

    #[test]
    fn long_context_is_cut_on_word_boundaries() {
        let text = "The delegations arrived in the capital before dawn, and Russia said the \
                    guarantor states would present their maps of the zones on Wednesday.";
        let s = kwic(text, "Russia", 20);
        assert_eq!(s.text, "…before dawn, and Russia said the guarantor…");
        assert_eq!(&s.text[s.mention.clone()], "Russia");
    }

    #[test]
    fn context_stops_at_the_paragraph() {
        let s = kwic(
            "First paragraph ends.\n\nIran spoke.\n\nNext one.",
            "Iran",
            30,
        );
        assert_eq!(s.text, "Iran spoke.");
    }

    #[test]
    fn multibyte_text_is_cut_between_characters() {
        let text = "Ministère des Affaires étrangères: la Turquie et la Russie ont signé à Astana un accord très attendu";
        let s = kwic(text, "Russie", 12);
        assert_eq!(s.text, "…et la Russie ont signé à…");
        let cjk = "日本語の記事によるとロシアと中国が会談した";
        let s = kwic(cjk, "ロシア", 4);
        assert_eq!(s.text, "…によると".to_owned() + "ロシア" + "と中国が…");
        assert_eq!(&s.text[s.mention.clone()], "ロシア");
    }

    #[test]
    fn whitespace_is_flattened() {
        let s = kwic("Moscow  and\tAnkara\nagreed", "Ankara", 30);
        assert_eq!(s.text, "Moscow and Ankara agreed");
        assert_eq!(&s.text[s.mention.clone()], "Ankara");
    }
}
