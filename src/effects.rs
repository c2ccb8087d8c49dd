//! What the reader does outside itself, for the terminal loop: start the browser, put
//! text on the clipboard (OSC 52, or a command such as `wl-copy`), each without touching
//! the screen. A command runs detached from the terminal; if it fails, its exit status
//! and first line of error come back as a message.

use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};

use base64::Engine;

/// The command `o` opens with: the `browser` setting, else the first of `$BROWSER`'s
/// colon-separated commands, else the platform's opener when it is on the `PATH`.
pub fn browser(setting: &str, env_browser: Option<&str>) -> Option<String> {
    if !setting.trim().is_empty() {
        return Some(setting.trim().to_owned());
    }
    if let Some(first) = env_browser
        .into_iter()
        .flat_map(|b| b.split(':'))
        .map(str::trim)
        .find(|b| !b.is_empty())
    {
        return Some(first.to_owned());
    }
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    on_path(opener).then(|| opener.to_owned())
}

/// Whether an executable of this name is in a folder of `$PATH`.
fn on_path(name: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| {
            let file = dir.join(name);
            file.is_file()
                && std::fs::metadata(&file).is_ok_and(|m| {
                    use std::os::unix::fs::PermissionsExt;
                    m.permissions().mode() & 0o111 != 0
                })
        })
    })
}

/// The shell line that runs `command` on one argument: where `%s` is (as `$BROWSER`
/// allows), else after it. The argument is passed as `$1`, never pasted into the line.
pub fn shell_line(command: &str) -> String {
    if command.contains("%s") {
        command.replace("%s", "\"$1\"")
    } else {
        format!("{command} \"$1\"")
    }
}

/// A shell command, away from the terminal: no input, output discarded, errors kept for
/// the message, in a process group of its own so the terminal's signals leave it be.
fn detached(line: &str, args: &[&str], stdin: Stdio) -> std::io::Result<Child> {
    use std::os::unix::process::CommandExt;
    Command::new("sh")
        .arg("-c")
        .arg(line)
        .arg("newslens")
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
}

/// Waits for a command; `Err` with what went wrong when it failed.
pub fn outcome(mut child: Child, name: &str) -> Result<(), String> {
    let mut err = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        let _ = stderr.read_to_string(&mut err);
    }
    let status = child.wait().map_err(|e| format!("{name}: {e}"))?;
    if status.success() {
        return Ok(());
    }
    let first = err.lines().map(str::trim).find(|l| !l.is_empty());
    let why = match (status.code(), first) {
        (Some(127), _) => "not found".to_owned(),
        (_, Some(line)) => crate::text::visible(line).into_owned(),
        (Some(code), None) => format!("exit status {code}"),
        (None, None) => "ended by a signal".to_owned(),
    };
    Err(format!("{name} failed: {why}"))
}

/// Starts `command` on `target`.
pub fn open(command: &str, target: &str) -> std::io::Result<Child> {
    detached(&shell_line(command), &[target], Stdio::null())
}

/// Starts `command` with `text` on its standard input.
pub fn pipe(command: &str, text: &str) -> std::io::Result<Child> {
    let mut child = detached(command, &[], Stdio::piped())?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(text.as_bytes())?;
    }
    Ok(child)
}

/// The OSC 52 sequence that puts `text` on the terminal's clipboard; inside tmux, also
/// wrapped to pass through to the terminal outside (tmux takes the plain one itself when
/// its `set-clipboard` is on).
pub fn osc52(text: &str, in_tmux: bool) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let plain = format!("\x1b]52;c;{encoded}\x07");
    if in_tmux {
        format!("{plain}\x1bPtmux;\x1b\x1b]52;c;{encoded}\x07\x1b\\")
    } else {
        plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_is_the_setting_else_the_first_of_browser() {
        assert_eq!(browser("firefox", Some("lynx")), Some("firefox".into()));
        assert_eq!(browser(" ", Some(":w3m:lynx")), Some("w3m".into()));
        assert_eq!(shell_line("firefox --new-tab"), "firefox --new-tab \"$1\"");
        assert_eq!(shell_line("open -a Safari %s &"), "open -a Safari \"$1\" &");
    }

    #[test]
    fn a_command_gets_its_argument_whole_and_a_failure_says_why() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("arg");
        let line = format!("printf %s > '{}'", out.display());
        let child = open(&line, "https://example.org/a b;$(x)").expect("sh starts");
        assert_eq!(outcome(child, "browser"), Ok(()));
        assert_eq!(
            std::fs::read_to_string(&out).expect("written"),
            "https://example.org/a b;$(x)"
        );
        let child = open("newslens-no-such-browser", "x").expect("sh starts");
        assert_eq!(
            outcome(child, "newslens-no-such-browser"),
            Err("newslens-no-such-browser failed: not found".into())
        );
        let child = pipe("cat > /dev/null; echo nope >&2; exit 3", "text").expect("sh starts");
        assert_eq!(outcome(child, "copy"), Err("copy failed: nope".into()));
    }

    #[test]
    fn osc52_carries_the_text_in_base64() {
        assert_eq!(osc52("Astana", false), "\x1b]52;c;QXN0YW5h\x07");
        assert!(osc52("Astana", true).contains("\x1bPtmux;\x1b\x1b]52;c;QXN0YW5h\x07\x1b\\"));
    }
}
