//! Colours and styles: written as text in configuration files (`bold white on #303030`)
//! and read back, and measured the way eyes see them (CIELAB) so entities get colours
//! that are told apart.

use ratatui::style::{Color, Modifier, Style};

/// A colour as a terminal shows it by default, in sRGB: xterm's sixteen colours, the
/// 256-colour cube and grey ramp, or the colour itself.
pub fn rgb(color: Color) -> [u8; 3] {
    match color {
        Color::Black | Color::Reset => [0, 0, 0],
        Color::Red => [205, 0, 0],
        Color::Green => [0, 205, 0],
        Color::Yellow => [205, 205, 0],
        Color::Blue => [0, 0, 238],
        Color::Magenta => [205, 0, 205],
        Color::Cyan => [0, 205, 205],
        Color::Gray => [229, 229, 229],
        Color::DarkGray => [127, 127, 127],
        Color::LightRed => [255, 0, 0],
        Color::LightGreen => [0, 255, 0],
        Color::LightYellow => [255, 255, 0],
        Color::LightBlue => [92, 92, 255],
        Color::LightMagenta => [255, 0, 255],
        Color::LightCyan => [0, 255, 255],
        Color::White => [255, 255, 255],
        Color::Rgb(r, g, b) => [r, g, b],
        Color::Indexed(i) if i < 16 => rgb(COLOUR_NAMES[usize::from(i) + 1].1),
        Color::Indexed(i) if i < 232 => {
            let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            let i = i - 16;
            [level(i / 36), level(i / 6 % 6), level(i % 6)]
        }
        Color::Indexed(i) => {
            let v = 8 + (i - 232) * 10;
            [v, v, v]
        }
    }
}

/// CIELAB (D65) of a terminal colour: distances there follow how different colours look.
pub fn lab(color: Color) -> [f32; 3] {
    let linear = |c: u8| {
        let c = f32::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let [r, g, b] = rgb(color).map(linear);
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    let f = |t: f32| {
        if t > 0.008_856 {
            t.cbrt()
        } else {
            7.787 * t + 16.0 / 116.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// How different two CIELAB colours look (CIE76 ΔE).
pub fn distance(a: [f32; 3], b: [f32; 3]) -> f32 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f32>()
        .sqrt()
}

/// How different two terminal colours look (CIE76 ΔE in CIELAB).
pub fn colour_distance(a: Color, b: Color) -> f32 {
    distance(lab(a), lab(b))
}

/// Colour names a configuration may use, as written back by [`color_name`].
pub const COLOUR_NAMES: [(&str, Color); 17] = [
    ("default", Color::Reset),
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("darkgray", Color::DarkGray),
    ("lightred", Color::LightRed),
    ("lightgreen", Color::LightGreen),
    ("lightyellow", Color::LightYellow),
    ("lightblue", Color::LightBlue),
    ("lightmagenta", Color::LightMagenta),
    ("lightcyan", Color::LightCyan),
    ("white", Color::White),
];

/// Text styles a configuration may use.
pub const MODIFIER_NAMES: [(&str, Modifier); 7] = [
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underline", Modifier::UNDERLINED),
    ("blink", Modifier::SLOW_BLINK),
    ("reverse", Modifier::REVERSED),
    ("crossed", Modifier::CROSSED_OUT),
];

/// What colours may be written, for messages.
pub fn colour_help() -> String {
    let names: Vec<&str> = COLOUR_NAMES.iter().map(|(n, _)| *n).collect();
    format!(
        "a colour is one of {}, #rrggbb, or a number 0-255",
        names.join(" ")
    )
}

/// Parses a colour: a name (`lightred`, `light-red`, `grey`), `#rrggbb`, or 0–255.
pub fn parse_color(text: &str) -> Result<Color, String> {
    let t = text.trim();
    if let Some(hex) = t.strip_prefix('#') {
        if hex.len() == 6
            && let Ok(rgb) = u32::from_str_radix(hex, 16)
        {
            let [_, r, g, b] = rgb.to_be_bytes();
            return Ok(Color::Rgb(r, g, b));
        }
        return Err(format!(
            "\"{t}\" is not a colour: write #rrggbb with six hex digits"
        ));
    }
    if let Ok(n) = t.parse::<u8>() {
        return Ok(Color::Indexed(n));
    }
    let name: String = t
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .replace("grey", "gray")
        .replace("bright", "light");
    COLOUR_NAMES
        .iter()
        .find(|(n, _)| *n == name || (name == "reset" && *n == "default"))
        .map(|(_, c)| *c)
        .ok_or_else(|| format!("\"{t}\" is not a colour; {}", colour_help()))
}

/// A colour as a configuration writes it.
pub fn color_name(color: Color) -> String {
    match color {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(n) => n.to_string(),
        other => COLOUR_NAMES
            .iter()
            .find(|(_, c)| *c == other)
            .map_or_else(|| "default".to_owned(), |(n, _)| (*n).to_owned()),
    }
}

/// Parses a style: words for text styles and colours, the first colour the text's,
/// a colour after `on` the background's: `bold cyan`, `black on yellow`,
/// `#ffaf00 underline`, `plain` for none.
pub fn parse_style(text: &str) -> Result<Style, String> {
    let mut style = Style::new();
    let mut words = text.split_whitespace().peekable();
    if words.peek().is_none() {
        return Err("the style is empty; write \"plain\" for no colour or style".into());
    }
    while let Some(word) = words.next() {
        let lower = word.to_ascii_lowercase();
        if lower == "plain" || lower == "none" {
            continue;
        }
        if lower == "on" {
            let colour = words
                .next()
                .ok_or_else(|| "\"on\" needs a colour after it".to_owned())?;
            style = style.bg(parse_color(colour)?);
            continue;
        }
        let modifier = MODIFIER_NAMES
            .iter()
            .find(|(n, _)| lower == *n || lower.strip_suffix('d') == Some(*n))
            .map(|(_, m)| *m);
        if let Some(m) = modifier {
            style = style.add_modifier(m);
            continue;
        }
        match parse_color(word) {
            Ok(colour) if style.fg.is_none() => style = style.fg(colour),
            Ok(_) => {
                return Err(format!(
                    "\"{text}\" names two text colours; write \"on\" before the background colour"
                ));
            }
            Err(_) => {
                let styles: Vec<&str> = MODIFIER_NAMES.iter().map(|(n, _)| *n).collect();
                return Err(format!(
                    "\"{word}\" is neither a colour nor a text style; a style is one of {}, {}, \
                     and \"on COLOUR\" sets the background",
                    styles.join(" "),
                    colour_help()
                ));
            }
        }
    }
    Ok(style)
}

/// A style as a configuration writes it (the inverse of [`parse_style`]).
pub fn style_string(style: Style) -> String {
    let mut words: Vec<String> = MODIFIER_NAMES
        .iter()
        .filter(|(_, m)| style.add_modifier.contains(*m))
        .map(|(n, _)| (*n).to_owned())
        .collect();
    if let Some(fg) = style.fg {
        words.push(color_name(fg));
    }
    if let Some(bg) = style.bg {
        words.push(format!("on {}", color_name(bg)));
    }
    if words.is_empty() {
        "plain".to_owned()
    } else {
        words.join(" ")
    }
}
