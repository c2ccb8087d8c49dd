//! Bytes to text: byte-order marks, UTF-16 without one, the charset a page or feed
//! declares, then detection (chardetng) for legacy single-byte pages. Bytes that do not
//! decode become U+FFFD and are counted, so a mostly good file still loads.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// How many leading bytes are looked at for a declared charset and for binary data.
const SNIFF_BYTES: usize = 8 * 1024;

/// Text decoded from a file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding's name, as encoding_rs spells it ("UTF-8", "windows-1252").
    pub encoding: &'static str,
    /// How the encoding was chosen, for messages.
    pub how: How,
    /// How many malformed sequences became U+FFFD.
    pub replaced: usize,
}

/// How the encoding was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    ByteOrderMark,
    /// UTF-16 recognised by its zero bytes.
    ZeroBytes,
    Declared,
    Utf8,
    Detected,
}

impl Decoded {
    /// A warning about the decoding, when there is something to say.
    pub fn problem(&self) -> Option<String> {
        (self.replaced > 0).then(|| {
            let how = match self.how {
                How::ByteOrderMark => ", as its byte-order mark says",
                How::ZeroBytes => ", recognised by its zero bytes",
                How::Declared => ", as the file declares",
                How::Utf8 => "",
                How::Detected => ", detected",
            };
            let sequences = if self.replaced == 1 {
                "sequence"
            } else {
                "sequences"
            };
            format!(
                "{} malformed byte {sequences} replaced with \u{fffd} (read as {}{how})",
                self.replaced, self.encoding
            )
        })
    }
}

/// Why bytes are not text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotText {
    #[error("binary data ({0}), not text")]
    Binary(&'static str),
}

/// Decodes a file's bytes to text; bytes that decode to mostly control characters and
/// replacements are binary data whatever their encoding.
pub fn decode(bytes: &[u8]) -> Result<Decoded, NotText> {
    let decoded = decode_any(bytes)?;
    if mostly_not_text(&decoded.text) {
        return Err(NotText::Binary(
            "mostly control characters and undecodable bytes",
        ));
    }
    Ok(decoded)
}

/// Whether the start of `text` is more than one part in twenty control characters (tabs
/// and line breaks aside) or replacement characters. Text in any script has almost none
/// (the hostile fixtures: 0.2%); random bytes, in any encoding, 12% or more.
fn mostly_not_text(text: &str) -> bool {
    let bytes = text.as_bytes();
    let head = if bytes.len() <= SNIFF_BYTES {
        bytes
    } else {
        &bytes[..text
            .char_indices()
            .nth(SNIFF_BYTES)
            .map_or(bytes.len(), |(i, _)| i)]
    };
    // The junk characters are known by their first byte or two. Most texts have no byte
    // that could start one, which a pass the compiler can vectorise tells.
    let allowed = |b: u8| matches!(b, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x1b);
    let could_be_junk = |b: u8| (b < 0x20 && !allowed(b)) | (b == 0x7f) | (b == 0xc2) | (b == 0xef);
    if !head.iter().fold(false, |any, &b| any | could_be_junk(b)) {
        return false;
    }
    let total = text[..head.len()].chars().count();
    if total < 32 {
        return false;
    }
    let junk = (0..head.len())
        .filter(|&i| match head[i] {
            b if b < 0x20 => !allowed(b),
            0x7f => true,
            // C1 controls, U+0080..U+009F.
            0xc2 => head.get(i + 1).is_some_and(|n| (0x80..0xa0).contains(n)),
            // U+FFFD.
            0xef => head[i + 1..].starts_with(&[0xbf, 0xbd]),
            _ => false,
        })
        .count();
    junk * 20 > total
}

fn decode_any(bytes: &[u8]) -> Result<Decoded, NotText> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return Ok(with(encoding, &bytes[bom..], How::ByteOrderMark));
    }
    if let Some(text) = utf32_with_bom(bytes) {
        return Ok(text);
    }
    if let Some(encoding) = utf16_by_zero_bytes(bytes) {
        return Ok(with(encoding, bytes, How::ZeroBytes));
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(NotText::Binary(kind));
    }
    // Valid UTF-8 wins over a declaration: saved pages are often re-encoded as UTF-8 with
    // their old <meta charset> left in, and legacy text is almost never valid UTF-8.
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_owned(),
            encoding: UTF_8.name(),
            how: How::Utf8,
            replaced: 0,
        });
    }
    if let Some(encoding) = declared(bytes) {
        return Ok(with(encoding, bytes, How::Declared));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
    // A mostly-UTF-8 file with a few bad bytes is still UTF-8; detection would call the
    // whole file windows-1252 and garble every accent.
    let encoding = if mostly_utf8(bytes) { UTF_8 } else { guess };
    let how = if encoding == UTF_8 {
        How::Utf8
    } else {
        How::Detected
    };
    Ok(with(encoding, bytes, how))
}

fn with(encoding: &'static Encoding, bytes: &[u8], how: How) -> Decoded {
    let (text, mut replaced) = decode_counting(encoding, bytes);
    // A legacy single-byte encoding maps its unused bytes to C1 controls, which no text
    // means and which become U+FFFD on screen: they are malformed bytes too.
    if ![UTF_8, UTF_16BE, UTF_16LE].contains(&encoding) {
        replaced += text
            .chars()
            .filter(|c| ('\u{80}'..='\u{9f}').contains(c))
            .count();
    }
    Decoded {
        text,
        encoding: encoding.name(),
        how,
        replaced,
    }
}

/// Decodes without BOM sniffing, counting the malformed sequences.
fn decode_counting(encoding: &'static Encoding, bytes: &[u8]) -> (String, usize) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length(bytes.len())
            .unwrap_or(bytes.len()),
    );
    let mut replaced = 0;
    let mut input = bytes;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(input, &mut out, true);
        input = &input[read..];
        match result {
            encoding_rs::DecoderResult::InputEmpty => break,
            encoding_rs::DecoderResult::Malformed(_, _) => {
                replaced += 1;
                out.push('\u{fffd}');
            }
            encoding_rs::DecoderResult::OutputFull => {
                out.reserve(input.len() * 3 + 16);
            }
        }
    }
    (out, replaced)
}

/// UTF-32 with a byte-order mark; encoding_rs leaves UTF-32 out, as browsers do.
fn utf32_with_bom(bytes: &[u8]) -> Option<Decoded> {
    let big = match bytes {
        [0, 0, 0xfe, 0xff, ..] => true,
        [0xff, 0xfe, 0, 0, ..] => false,
        _ => return None,
    };
    let mut text = String::with_capacity(bytes.len() / 4);
    let mut replaced = 0;
    let chunks = bytes[4..].chunks(4);
    for chunk in chunks {
        let unit = match <[u8; 4]>::try_from(chunk) {
            Ok(b) if big => u32::from_be_bytes(b),
            Ok(b) => u32::from_le_bytes(b),
            Err(_) => u32::MAX,
        };
        match char::from_u32(unit) {
            Some(c) => text.push(c),
            None => {
                replaced += 1;
                text.push('\u{fffd}');
            }
        }
    }
    Some(Decoded {
        text,
        encoding: if big { "UTF-32BE" } else { "UTF-32LE" },
        how: How::ByteOrderMark,
        replaced,
    })
}

/// UTF-16 without a byte-order mark: mostly ASCII text leaves every other byte zero.
fn utf16_by_zero_bytes(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES) & !1];
    // Most pairs must have a zero byte: a head without one is not UTF-16.
    if head.len() < 4 || memchr::memchr(0, head).is_none() {
        return None;
    }
    let pairs = head.len() / 2;
    let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    // Nine in ten pairs of a Latin-script text have their high byte zero; a binary file's
    // zeros fall on both sides.
    let most = pairs * 9 / 10;
    if even >= most && odd * 20 < pairs {
        Some(UTF_16BE)
    } else if odd >= most && even * 20 < pairs {
        Some(UTF_16LE)
    } else {
        None
    }
}

/// Binary data: a zero byte (text never has one once UTF-16/32 are ruled out) or a known
/// file signature.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF-", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"PK\x03\x04", "a ZIP archive"),
        (b"\x1f\x8b", "gzip-compressed"),
        (b"\x7fELF", "a program"),
    ];
    if let Some((_, kind)) = SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Some(kind);
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    memchr::memchr(0, head).map(|_| "it contains zero bytes")
}

/// The charset an HTML page or XML document declares near its start.
fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<?xml") {
        let end = find(&lower, b"?>").unwrap_or(lower.len());
        if let Some(at) = find(&lower[..end], b"encoding")
            && let Some(e) = encoding_after_key(&lower[at + b"encoding".len()..end])
        {
            return Some(e);
        }
    }
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"charset") {
        let after = from + at + b"charset".len();
        if let Some(e) = encoding_after_key(&lower[after..]) {
            return Some(e);
        }
        from = after;
    }
    None
}

/// The encoding a `= "label"` names, read from just after its key (`charset`,
/// `encoding`), if the label is known. UTF-16 declared in a file that is not UTF-16 (its
/// zero bytes would have been seen) is a lie: the bytes are ASCII-compatible.
fn encoding_after_key(rest: &[u8]) -> Option<&'static Encoding> {
    let rest = trim_start(trim_start(rest).strip_prefix(b"=")?);
    let rest = rest
        .strip_prefix(b"\"")
        .or(rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| matches!(b, b'"' | b'\'' | b';' | b'>' | b'?' | b' ' | b'/'))
        .unwrap_or(rest.len());
    let e = Encoding::for_label(&rest[..end])?;
    Some(if e == UTF_16BE || e == UTF_16LE {
        UTF_8
    } else {
        e
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

/// Whether nearly all non-ASCII bytes form valid UTF-8 sequences.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut good = 0usize;
    let mut bad = 0usize;
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good += s.bytes().filter(|b| !b.is_ascii()).count();
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                good += valid.iter().filter(|b| !b.is_ascii()).count();
                bad += 1;
                let skip = e.error_len().unwrap_or(after.len()).max(1);
                rest = &after[skip.min(after.len())..];
            }
        }
    }
    good >= 4 * bad && good > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junk_is_counted_by_bytes_as_it_would_be_by_characters() {
        let by_chars = |text: &str| {
            let chars: Vec<char> = text.chars().take(SNIFF_BYTES).collect();
            let junk = chars
                .iter()
                .filter(|&&c| match c {
                    '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '\x1b' => false,
                    '\u{fffd}' => true,
                    c => c.is_control(),
                })
                .count();
            chars.len() >= 32 && junk * 20 > chars.len()
        };
        let junk = "\u{fffd}\u{85}\x01\u{7f}";
        for text in [
            "plain text, long enough to be sniffed at all, with nothing odd in it".to_string(),
            format!("{}{}", "text ".repeat(20), junk.repeat(3)),
            format!("{}{}", "text ".repeat(20), junk.repeat(2)),
            format!("{}{}", "日本語".repeat(SNIFF_BYTES / 3), junk.repeat(500)),
            format!("{}\u{a0}\u{ff}\u{feff}", junk.repeat(10)),
        ] {
            assert_eq!(mostly_not_text(&text), by_chars(&text), "{text:?}");
        }
    }

    #[test]
    fn random_bytes_without_a_zero_are_binary() {
        // A fixed pseudo-random sequence of every byte but zero.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let bytes: Vec<u8> = (0..20_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state % 255) as u8 + 1
            })
            .collect();
        assert_eq!(
            decode(&bytes).map(|d| d.encoding),
            Err(NotText::Binary(
                "mostly control characters and undecodable bytes"
            ))
        );
        // Text with a few control characters is still text.
        let text = "Russia\u{7}and Iran met in Astana.\n".repeat(30);
        assert!(decode(text.as_bytes()).is_ok());
    }

    #[test]
    fn a_legacy_encodings_unused_bytes_count_as_malformed() {
        // 0x81 and 0x8d mean nothing in windows-1252.
        let d = decode(
            b"<meta charset=\"windows-1252\"><p>Caf\xe9 talks in Gen\xe8ve \x81\x8d with \
              d\xe9l\xe9gu\xe9s \xe0 la table.</p>",
        )
        .expect("text");
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(d.replaced, 2);
        assert!(
            d.problem()
                .is_some_and(|p| p.starts_with("2 malformed byte sequences"))
        );
    }

    #[test]
    fn byte_order_marks_win() {
        let d = decode(b"\xef\xbb\xbfCaf\xc3\xa9").expect("text");
        assert_eq!((d.text.as_str(), d.how), ("Café", How::ByteOrderMark));
        let utf16le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("Añ".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16le).expect("text").text, "Añ");
        let utf32be: Vec<u8> = [0, 0, 0xfe, 0xff]
            .into_iter()
            .chain("Añ".chars().flat_map(|c| (c as u32).to_be_bytes()))
            .collect();
        let d = decode(&utf32be).expect("text");
        assert_eq!((d.text.as_str(), d.encoding), ("Añ", "UTF-32BE"));
    }

    #[test]
    fn utf16_without_a_mark_is_recognised_by_its_zero_bytes() {
        let be: Vec<u8> = "<?xml version=\"1.0\"?><rss/>"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let d = decode(&be).expect("text");
        assert_eq!(
            (d.text.as_str(), d.how),
            ("<?xml version=\"1.0\"?><rss/>", How::ZeroBytes)
        );
    }

    #[test]
    fn declared_charsets_are_honoured() {
        let html = b"<html><head><meta charset=\"iso-8859-1\"></head><body>Caf\xe9</body>";
        let d = decode(html).expect("text");
        assert!(d.text.ends_with("Café</body>"));
        assert_eq!((d.encoding, d.how), ("windows-1252", How::Declared));
        let xml = b"<?xml version='1.0' encoding='windows-1251'?><p>\xcf\xf0\xe8</p>";
        assert_eq!(
            decode(xml).expect("text").text,
            "<?xml version='1.0' encoding='windows-1251'?><p>При</p>"
        );
    }

    #[test]
    fn valid_utf8_wins_over_a_stale_declaration() {
        let page = "<meta charset=\"gbk\"><p>腾讯科技 — Genève</p>";
        let d = decode(page.as_bytes()).expect("text");
        assert_eq!((d.text.as_str(), d.how, d.replaced), (page, How::Utf8, 0));
    }

    #[test]
    fn legacy_pages_without_a_declaration_are_detected() {
        let text = "Le président français a déclaré à la presse que les négociations étaient très difficiles.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let d = decode(&bytes).expect("text");
        assert_eq!(d.text, text);
        assert_eq!((d.how, d.replaced), (How::Detected, 0));
    }

    #[test]
    fn a_few_bad_bytes_in_utf8_become_replacement_characters_with_a_warning() {
        let d = decode(
            "Añkara é ü ö ß \u{2019}"
                .as_bytes()
                .iter()
                .copied()
                .chain([0xff])
                .collect::<Vec<_>>()
                .as_slice(),
        )
        .expect("text");
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.ends_with('\u{fffd}'));
        assert_eq!(d.replaced, 1);
        assert_eq!(
            d.problem().as_deref(),
            Some("1 malformed byte sequence replaced with \u{fffd} (read as UTF-8)")
        );
    }

    #[test]
    fn binary_files_are_refused_with_their_kind() {
        assert_eq!(
            decode(b"%PDF-1.4 ...").expect_err("pdf").to_string(),
            "binary data (a PDF document), not text"
        );
        assert_eq!(
            decode(b"abc\0\x01\x02def\0\0\0\x10")
                .expect_err("bin")
                .to_string(),
            "binary data (it contains zero bytes), not text"
        );
    }
}
