//! End to end: the real `newslens` binary in a pseudo-terminal, driven by keys, its
//! screen read back through a terminal emulator.

mod common;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// Generous: a loaded CI machine can starve the pty reader for seconds.
const TIMEOUT: Duration = Duration::from_secs(30);

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("terminal sizes are at least 1")
}

/// A colour terminal, whatever the test runner's environment says.
fn plain_terminal(cmd: &mut CommandBuilder) {
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("NO_COLOR");
}

struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote to the terminal.
    raw: Arc<Mutex<Vec<u8>>>,
    /// The state folder of this session, unless the test chose one: reading state never
    /// leaks between tests or into the user's own.
    _state: Option<tempfile::TempDir>,
    /// The cache folder of this session, unless the test chose one.
    _cache: Option<tempfile::TempDir>,
    /// The terminal's side of the pty; gone once the terminal is closed.
    master: Option<Box<dyn MasterPty + Send>>,
    /// Tells the thread reading the terminal to let go of it at its next read.
    stop_reading: Arc<AtomicBool>,
    reading: Option<thread::JoinHandle<()>>,
}

impl Session {
    fn start(args: &[&str], dir: &Path, cols: u16, rows: u16) -> Self {
        Self::start_with_env(args, &[], dir, cols, rows)
    }

    fn start_with_env(
        args: &[&str],
        env: &[(&str, &str)],
        dir: &Path,
        cols: u16,
        rows: u16,
    ) -> Self {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_newslens"));
        cmd.args(args);
        cmd.cwd(dir);
        plain_terminal(&mut cmd);
        for (k, v) in env {
            cmd.env(k, v);
        }
        Self::spawn(cmd, cols, rows)
    }

    /// `newslens -` with `file` piped into its standard input, from a shell in the pty.
    fn piped(file: &Path, cols: u16, rows: u16) -> Self {
        let mut cmd = CommandBuilder::new("sh");
        cmd.args(["-c", r#"cat "$1" | "$0" -"#]);
        cmd.arg(env!("CARGO_BIN_EXE_newslens"));
        cmd.arg(file);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        plain_terminal(&mut cmd);
        Self::spawn(cmd, cols, rows)
    }

    fn spawn(mut cmd: CommandBuilder, cols: u16, rows: u16) -> Self {
        // Each session keeps its state, and finds its configuration, in its own folder
        // unless the test chose one: never the user's.
        let state = cmd.get_env("XDG_STATE_HOME").is_none().then(|| {
            let dir = tempfile::tempdir().expect("state folder");
            cmd.env("XDG_STATE_HOME", dir.path());
            dir
        });
        let cache = cmd.get_env("XDG_CACHE_HOME").is_none().then(|| {
            let dir = tempfile::tempdir().expect("cache folder");
            cmd.env("XDG_CACHE_HOME", dir.path());
            dir
        });
        if cmd.get_env("XDG_CONFIG_HOME").is_none() {
            let [(name, folder), _, _] = common::isolated_env();
            cmd.env(name, folder);
        }
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let child = pair.slave.spawn_command(cmd).expect("spawn newslens");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            nonzero(rows),
            nonzero(cols),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (sink, raw_sink) = (Arc::clone(&parser), Arc::clone(&raw));
        let stop_reading = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stop_reading);
        let reading = thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || stop.load(Ordering::Relaxed) {
                    break;
                }
                if let Ok(mut r) = raw_sink.lock() {
                    r.extend_from_slice(&buf[..n]);
                }
                if let Ok(mut p) = sink.lock() {
                    p.process(&buf[..n]);
                }
            }
        });
        Self {
            child,
            writer,
            parser,
            raw,
            _state: state,
            _cache: cache,
            master: Some(pair.master),
            stop_reading,
            reading: Some(reading),
        }
    }

    /// Closes the terminal, as closing its window or losing the ssh connection does: every
    /// handle on the terminal's side goes. (The reading thread lets go at its next read,
    /// which a key's redraw provokes.)
    fn close_terminal(&mut self) {
        self.stop_reading.store(true, Ordering::Relaxed);
        self.keys("j");
        if let Some(reading) = self.reading.take() {
            reading.join().expect("reader thread");
        }
        self.writer = Box::new(std::io::sink());
        self.master = None;
    }

    fn seeds(cols: u16, rows: u16) -> Self {
        Self::start(&[], Path::new(env!("CARGO_MANIFEST_DIR")), cols, rows)
    }

    /// Whether the program ever wrote `bytes` to the terminal.
    fn wrote(&self, bytes: &[u8]) -> bool {
        self.raw
            .lock()
            .map(|r| r.windows(bytes.len()).any(|w| w == bytes))
            .unwrap_or(false)
    }

    fn contents(&self) -> String {
        self.parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    fn alternate_screen(&self) -> bool {
        self.parser
            .lock()
            .map(|p| p.screen().alternate_screen())
            .unwrap_or(false)
    }

    /// Which mouse reports the program asked the terminal for.
    fn mouse_mode(&self) -> vt100::MouseProtocolMode {
        self.parser
            .lock()
            .map(|p| p.screen().mouse_protocol_mode())
            .expect("screen")
    }

    /// The foreground colour of the first cell of the first `text` on the screen.
    fn fg_of(&self, text: &str) -> Option<vt100::Color> {
        let parser = self.parser.lock().ok()?;
        let screen = parser.screen();
        let (_, cols) = screen.size();
        screen
            .rows(0, cols.get())
            .enumerate()
            .find_map(|(row, line)| {
                let col = line.find(text)?;
                let col = line[..col].chars().count() as u16;
                screen.cell(row as u16, col).map(|c| c.fgcolor())
            })
    }

    /// Waits until the screen shows `text`; fails with the screen if it never does.
    fn wait_for(&self, text: &str) -> String {
        self.wait_until(text, |screen| screen.contains(text))
    }

    /// Waits until the screen satisfies `ok` and has stopped changing; `what` names it in
    /// the failure. A frame can reach the terminal in more than one read, so a screen
    /// that shows `what` may still be missing the rest of its frame: it is returned only
    /// once a second look, a moment later, sees the same screen.
    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let screen = self.contents();
            if ok(&screen) {
                thread::sleep(Duration::from_millis(25));
                // A screen that never settles (a counter still running) is taken as it is.
                if self.contents() == screen || Instant::now() >= deadline {
                    return screen;
                }
                continue;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what:?}; screen:\n{screen}"
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("type");
        self.writer.flush().expect("flush");
    }

    /// Resizes the emulated terminal, then the pty (which signals the program).
    fn resize(&mut self, cols: u16, rows: u16) {
        if let Ok(mut p) = self.parser.lock() {
            p.screen_mut().set_size(nonzero(rows), nonzero(cols));
        }
        self.master
            .as_ref()
            .expect("an open terminal")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
    }

    /// Waits for the program to exit and returns its exit code.
    fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                // Let the reader thread take the last bytes.
                thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            assert!(
                Instant::now() < deadline,
                "newslens did not exit; screen:\n{}",
                self.contents()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

#[test]
fn reads_the_seeds_jumps_changes_article_shows_help_and_quits_cleanly() {
    let mut s = Session::seeds(120, 32);
    // The status bar is the last row drawn: once it shows, the whole frame is there.
    let screen = s.wait_for("1/2 · Russia –/9");
    assert!(
        screen.contains("Second day of Syria peace talks"),
        "{screen}"
    );
    assert!(screen.contains("Fifth round of Syria"), "{screen}");
    assert!(s.alternate_screen());

    s.keys("n");
    s.wait_for("Russia 1/9");
    s.keys("n");
    s.wait_for("Russia 2/9");

    s.keys("J");
    let screen = s.wait_for("2/2 · Russia");
    assert!(
        screen.contains("All participants from both regime"),
        "{screen}"
    );

    s.keys("?");
    s.wait_for("Keys — ? or Esc closes");
    s.keys("?");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    assert!(!s.alternate_screen(), "left the alternate screen");
}

#[test]
fn n_continues_into_the_next_article() {
    let mut s = Session::seeds(100, 30);
    s.wait_for("Russia –/9");
    s.keys("nnnn");
    s.wait_for("1/2 · Russia 4/9");
    s.keys("n");
    s.wait_for("2/2 · Russia 5/9");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

/// Whether process `pid` has ended (gone, or a zombie nobody reaps).
fn ended(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with(['Z', 'X'])),
        Err(_) => true,
    }
}

/// Whether process `pid` is stopped (suspended).
fn stopped(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with(['T', 't']))
    })
}

fn wait_for_process(what: &str, ok: impl Fn() -> bool) {
    let deadline = Instant::now() + TIMEOUT;
    while !ok() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        thread::sleep(Duration::from_millis(20));
    }
}

fn signal(pid: u32, name: &str) {
    let status = std::process::Command::new("kill")
        .args([name, &pid.to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
}

/// Closing the terminal sends no signal to a reader that does not lead its session (here
/// a shell does, as in a terminal window); it must notice the terminal is gone, save the
/// position it scrolled to, and end instead of spinning on a dead terminal.
#[test]
fn a_closed_terminal_ends_the_reader_and_keeps_its_position() {
    let state = tempfile::tempdir().expect("state folder");
    let pid_file = state.path().join("pid");
    let mut cmd = CommandBuilder::new("sh");
    cmd.args(["-c", r#""$0" & echo $! > "$1"; wait"#]);
    cmd.arg(env!("CARGO_BIN_EXE_newslens"));
    cmd.arg(&pid_file);
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    cmd.env("XDG_STATE_HOME", state.path());
    plain_terminal(&mut cmd);
    let mut s = Session::spawn(cmd, 100, 30);
    // Once the names have been looked for: a debug build's discovery, on a test machine
    // running other tests, can keep the loop from noticing the hang-up in time.
    s.wait_until("discovery done", |screen| {
        screen.contains("Russia –/9") && !screen.contains("finding names")
    });
    s.keys("J");
    let screen = s.wait_for("2/2 ·");
    let top = reader_row(&screen);
    // Well into the body: closing the terminal types one more `j`, which may or may not
    // be read before the hang-up, and six lines down the top row is the start of the
    // first paragraph, whose place is offset 0 (the check below wants a later one).
    s.keys("jjjjjjjjjjjj");
    s.wait_until("the reader to scroll", |sc| reader_row(sc) != top);
    let pid: u32 = std::fs::read_to_string(&pid_file)
        .expect("pid")
        .trim()
        .parse()
        .expect("a pid");
    s.close_terminal();
    wait_for_process("newslens to end", || ended(pid));
    let dir = state.path().join("newslens/corpora");
    let saved = std::fs::read_dir(&dir)
        .expect("state saved")
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "json"))
        .expect("a state file");
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(saved.path()).expect("read")).expect("json");
    let scrolled = saved["articles"]
        .as_object()
        .expect("articles")
        .values()
        .any(|a| a["offset"].as_u64().is_some_and(|o| o > 0));
    assert!(scrolled, "the scrolled position was saved: {saved}");
}

/// Ctrl-z hands the terminal back (no alternate screen, no mouse) and stops; continued,
/// the reader takes the terminal again, draws everything and answers keys.
#[test]
fn ctrl_z_suspends_and_continuing_redraws() {
    let mut s = Session::seeds(80, 24);
    s.wait_for("Russia –/9");
    let pid = s.child.process_id().expect("pid");
    s.keys("\x1a");
    wait_for_process("newslens to stop", || stopped(pid));
    // What it wrote before stopping may still be on its way through the pty.
    s.wait_until("the shell's screen", |_| !s.alternate_screen());
    assert_eq!(s.mouse_mode(), vt100::MouseProtocolMode::None);
    // Whatever the shell drew meanwhile is gone once the reader is back.
    if let Ok(mut p) = s.parser.lock() {
        p.process(b"\x1b[2J\x1b[Hshell output");
    }
    signal(pid, "-CONT");
    s.wait_until("the alternate screen", |_| s.alternate_screen());
    let screen = s.wait_for("Russia –/9");
    assert!(!screen.contains("shell output"), "{screen}");
    s.keys("J");
    s.wait_for("2/2 ·");
    // SIGTSTP from outside suspends the same way.
    signal(pid, "-TSTP");
    wait_for_process("newslens to stop", || stopped(pid));
    s.wait_until("the shell's screen", |_| !s.alternate_screen());
    signal(pid, "-CONT");
    s.wait_until("the alternate screen", |_| s.alternate_screen());
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn every_ending_signal_restores_the_terminal() {
    for (signal, number) in [("-TERM", 15), ("-HUP", 1), ("-INT", 2), ("-QUIT", 3)] {
        let mut s = Session::seeds(80, 24);
        s.wait_for("Russia –/9");
        assert!(s.alternate_screen());
        let pid = s.child.process_id().expect("pid");
        let status = std::process::Command::new("kill")
            .args([signal, &pid.to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        assert_eq!(s.wait_exit(), 128 + number, "{signal}: the shell's status");
        assert!(
            !s.alternate_screen(),
            "{signal} left the alternate screen on"
        );
        assert_eq!(
            s.mouse_mode(),
            vt100::MouseProtocolMode::None,
            "{signal} left the mouse captured"
        );
    }
}

#[test]
fn a_bad_file_is_a_warning_and_the_others_load() {
    let root = tempfile::tempdir().expect("dir");
    let dir = root.path().to_owned();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    std::fs::copy(seeds.join("000_0b9f368ee42c4f04.txt"), dir.join("a.txt")).expect("copy");
    std::fs::write(dir.join("b.txt"), b"GIF89a\x01\x00\x01\x00\x00").expect("write");
    let mut s = Session::start(&["."], &dir, 140, 24);
    // What happened first, the path last.
    let screen = s.wait_for("⚠ binary data (a GIF image), not text — ! for details: ./b.txt");
    assert!(screen.contains("Second day of Syria"), "{screen}");
    assert!(screen.contains("Second day of Syria"), "{screen}");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

/// The line of the screen holding `text`.
fn row_of(screen: &str, text: &str) -> usize {
    screen
        .lines()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("{text:?} is not on the screen:\n{screen}"))
}

#[test]
fn a_folder_of_every_format_and_broken_files_loads_lists_problems_and_works() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut s = Session::start(&["tests/fixtures/formats"], root, 160, 40);
    // One article from each of text, Markdown, HTML, Atom; two from RSS, JSON, JSON Lines:
    // the problems may be counted before the last article is listed, so wait for both.
    let screen = s.wait_until("5 problems and 10 articles", |screen| {
        screen.contains("⚠ 5 problems") && screen.contains("Articles (10)")
    });
    for title in [
        "Notes on the guarantor", // Markdown front matter
        "Talks in Astana end",    // text
        "Acting Assistant Sec",   // Atom
        "Ceasefire monitors",     // HTML
        "De Mistura briefs",      // JSON
        "Kazakhstan offers",      // JSON Lines
        "Iran sends delegation",  // RSS
    ] {
        assert!(screen.contains(title), "{title}: {screen}");
    }

    s.keys("!");
    // The last reason: a frame is drawn top to bottom, so the rest is there too.
    let screen = s.wait_for("(EOF while parsing an object");
    assert!(screen.contains("Problems (5)"), "{screen}");
    for (file, why) in [
        ("empty.md", "the file is empty"),
        ("photo.html", "binary data (a GIF image)"),
        ("scraper-lines.jsonl", "line 2: not valid JSON"),
        ("truncated.rss", "malformed XML (syntax error"),
        ("unclosed.json", "not valid JSON (EOF while parsing"),
    ] {
        let at = row_of(&screen, &format!("tests/fixtures/formats/{file}"));
        assert!(
            screen.lines().nth(at + 1).is_some_and(|l| l.contains(why)),
            "{file}: {why}: {screen}"
        );
    }
    // The popup takes the keys: j scrolls it, the reader stays put.
    s.keys("!");
    s.wait_until("the popup to close", |screen| {
        !screen.contains("Problems (5)")
    });

    // The UI still works: sort by date (oldest first, undated last) and step through it.
    s.keys("s");
    // The status bar's message comes last in the frame.
    let screen = s.wait_for("articles by date, oldest first");
    assert!(
        row_of(&screen, "Acting Assistant Sec") < row_of(&screen, "Iran sends delegation"),
        "{screen}"
    );
    assert!(
        row_of(&screen, "De Mistura briefs") < row_of(&screen, "Observers leave Astana"),
        "{screen}"
    );
    // The open article (dated 2017-07-07) is now sixth; J follows the new order.
    s.wait_for("6/10");
    s.keys("J");
    s.wait_for("7/10");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

/// An article holding escape sequences cannot drive the terminal: they are shown as text.
#[test]
fn escape_sequences_in_an_article_never_reach_the_terminal() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut s = Session::start(&["tests/fixtures/hostile"], root, 100, 30);
    let screen = s.wait_for("another ␛]0;PWNED␇");
    assert!(screen.contains("sequence ␛[2J␛[31mtries"), "{screen}");
    s.keys("G");
    // The long address wraps where Unicode allows a break (after its hyphens).
    let screen = s.wait_for("spaces-end and then");
    assert!(screen.contains("Iran."), "{screen}");
    assert!(
        !s.wrote(b"\x1b]0;PWNED"),
        "the title sequence reached the terminal"
    );
    assert!(
        !s.wrote(b"\x1b[31mtries"),
        "the colour sequence reached the terminal"
    );
    assert!(
        !s.wrote("\u{202e}".as_bytes()),
        "a bidi override reached the terminal"
    );
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

/// The first text row of the reader pane.
fn reader_row(screen: &str) -> String {
    let row = screen.lines().nth(1).unwrap_or_default();
    row.split('│').nth(3).unwrap_or_default().trim().to_owned()
}

#[test]
fn the_reader_resumes_where_it_was_and_marks_survive_a_restart() {
    let state = tempfile::tempdir().expect("state folder");
    let home = state.path().to_string_lossy().into_owned();
    let env = [("XDG_STATE_HOME", home.as_str())];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));

    let mut s = Session::start_with_env(&[], &env, root, 100, 30);
    s.wait_for("Russia –/9");
    s.keys("J");
    s.wait_for("2/2 ·");
    s.keys("jjjj");
    s.keys("ma");
    let screen = s.wait_for("mark a set ('a returns here)");
    let at_mark = reader_row(&screen);
    // A note on the next mention.
    s.keys("n");
    s.wait_for("Russia 5/9");
    s.keys("a");
    s.wait_for("note on “Russia”:");
    s.keys("zones agreed?\r");
    s.wait_for("note saved (A lists notes)");
    s.keys("\x1b");
    s.keys("gg");
    s.wait_until("the top", |sc| reader_row(sc) != at_mark);
    s.keys("'a");
    s.wait_until("the mark", |sc| reader_row(sc) == at_mark);
    s.keys("jjj");
    let screen = s.wait_until("the reader to move", |sc| reader_row(sc) != at_mark);
    let at_quit = reader_row(&screen);
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);

    // A new session opens the article it quit in, where it was.
    let mut s = Session::start_with_env(&[], &env, root, 100, 30);
    let screen = s.wait_for("2/2 ·");
    assert_eq!(reader_row(&screen), at_quit, "{screen}");
    s.keys("gg");
    s.wait_until("the top", |sc| reader_row(sc) != at_quit);
    s.keys("'a");
    s.wait_until("the mark", |sc| reader_row(sc) == at_mark);
    // The marks list names it.
    s.keys("M");
    let screen = s.wait_for("Marks (1)");
    assert!(screen.contains(" a  Fifth round of Syria"), "{screen}");
    s.keys("q");
    // The note is back: listed, and shown on its mention.
    s.keys("A");
    let screen = s.wait_for("Notes (1)");
    assert!(screen.contains("“Russia” · Fifth round"), "{screen}");
    assert!(screen.contains(" — zones agreed?"), "{screen}");
    s.keys("\r");
    let screen = s.wait_for("✎ zones agreed?");
    assert!(screen.contains("Russia 5/9"), "{screen}");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    let files: Vec<_> = std::fs::read_dir(state.path().join("newslens/corpora"))
        .expect("state saved in XDG_STATE_HOME/newslens")
        .collect();
    assert_eq!(files.len(), 2, "the state file and its lock");
}

#[test]
fn dash_reads_an_article_from_a_pipe_and_keys_from_the_terminal() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut s = Session::piped(&root.join("tests/fixtures/formats/wire.rss"), 120, 30);
    let screen = s.wait_for("Iran sends delegation");
    assert!(screen.contains("Articles (2)"), "{screen}");
    s.keys("J");
    s.wait_for("2/2");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn resizing_keeps_working() {
    let mut s = Session::seeds(100, 30);
    s.wait_for("Russia –/9");
    s.resize(20, 5);
    s.keys("j");
    s.wait_for("1/2 · Russia");
    s.resize(1, 1);
    s.keys("n");
    // The shortest "terminal too small" notice: one symbol.
    s.wait_until("the too-small notice", |screen| screen == "!");
    s.resize(90, 20);
    let screen = s.wait_for("Russia 1/9");
    assert!(screen.contains("Entities (6)"), "{screen}");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn subcommands_colour_a_terminal_unless_told_not_to() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut s = Session::start(&["entities"], dir, 100, 12);
    s.wait_for("lavrentiev");
    let russia = s.fg_of("Russia ");
    // A 256-colour terminal: a colour of the wide palette.
    assert!(
        matches!(russia, Some(vt100::Color::Idx(16..=231))),
        "a palette colour: {russia:?}"
    );
    assert_ne!(s.fg_of("Turkey "), russia);
    s.wait_exit();

    // A colour pinned in the configuration is the one used.
    let config = tempfile::tempdir().expect("config folder");
    let file = config.path().join("newslens.toml");
    std::fs::write(&file, "[theme.entities]\nrussia = \"lightgreen\"\n").expect("write config");
    let file = file.to_string_lossy().into_owned();
    let mut s = Session::start(&["entities", "--config", &file], dir, 100, 12);
    s.wait_for("lavrentiev");
    assert_eq!(
        s.fg_of("Russia "),
        Some(vt100::Color::Idx(10)),
        "light green"
    );
    s.wait_exit();

    let mut s = Session::start(&["entities", "--no-color"], dir, 100, 12);
    s.wait_for("lavrentiev");
    assert_eq!(s.fg_of("Russia "), Some(vt100::Color::Default));
    s.wait_exit();

    let mut s = Session::start_with_env(&["mentions"], &[("NO_COLOR", "1")], dir, 200, 40);
    s.wait_for("[Iran]");
    assert_eq!(s.fg_of("[Iran]"), Some(vt100::Color::Default));
    s.wait_exit();
}

#[test]
fn the_configuration_rebinds_keys_and_colours_entities_in_the_reader() {
    let config = tempfile::tempdir().expect("config folder");
    // The file in the user's config folder is read without --config.
    std::fs::create_dir_all(config.path().join("newslens")).expect("config folder");
    std::fs::write(
        config.path().join("newslens/config.toml"),
        "[[bind]]\nkeys = [\"x\"]\naction = \"next_mention\"\ndesc = \"Onward to the next mention\"\n\n\
         [theme.entities]\nrussia = \"#ff8700\"\n",
    )
    .expect("write config");
    let home = config.path().to_string_lossy().into_owned();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut s = Session::start_with_env(&[], &[("XDG_CONFIG_HOME", home.as_str())], root, 100, 30);
    s.wait_for("Russia –/9");
    s.keys("n");
    s.wait_for("n is not bound to anything");
    s.keys("x");
    s.wait_for("Russia 1/9");
    assert_eq!(
        s.fg_of("● Russia"),
        Some(vt100::Color::Rgb(0xff, 0x87, 0x00)),
        "the pinned colour on the panel's marker"
    );
    s.keys("?");
    let help = s.wait_for("Onward to the next mention");
    let line = help
        .lines()
        .find(|l| l.contains("Onward"))
        .expect("help line");
    assert!(line.contains(" x "), "{line}");
    s.keys("q");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn the_reader_without_colour_still_marks_mentions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut s = Session::start_with_env(&[], &[("NO_COLOR", "1")], dir, 120, 32);
    s.wait_for("Russia –/9");
    s.keys("n");
    s.wait_for("Russia 1/9");
    let cell = {
        let parser = s.parser.lock().expect("screen");
        let screen = parser.screen();
        let (row, col) = screen
            .rows(0, 120)
            .enumerate()
            .find_map(|(r, line)| {
                line.find("-- Russia")
                    .map(|c| (r as u16, line[..c + 3].chars().count() as u16))
            })
            .expect("the first mention on screen");
        screen.cell(row, col).expect("cell").clone()
    };
    assert_eq!(cell.fgcolor(), vt100::Color::Default);
    assert!(
        cell.inverse() && cell.bold(),
        "current mention: bold, reversed"
    );
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn enter_on_a_snippet_opens_its_mention_in_the_right_article() {
    let mut s = Session::seeds(130, 40);
    // No mention is current yet: the panel says so as the status bar does.
    // Both, each waited for: a screen read while a frame is being written may hold the
    // panel's new text and not yet the status bar's.
    s.wait_for("Mentions –/9");
    s.wait_for("Russia –/9");
    // Reader → entities → Russia's mention list.
    s.keys("\t\t");
    s.keys("jj\r");
    s.wait_for("1/2 · Russia 3/9");
    s.keys("jj\r");
    let screen = s.wait_for("2/2 · Russia 5/9");
    assert!(screen.contains("Mentions 5/9"), "{screen}");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn search_steps_across_articles_and_ctrl_o_returns() {
    let mut s = Session::seeds(120, 32);
    s.wait_for("Russia –/9");
    s.keys("/Douma");
    s.wait_for("/Douma   2 in this article");
    s.keys("\r");
    s.wait_for("1/2 · /Douma hit 1/3");
    s.keys("n");
    s.wait_for("1/2 · /Douma hit 2/3");
    s.keys("n");
    s.wait_for("2/2 · /Douma hit 3/3");
    s.keys("\x0f");
    s.wait_for("1/2 · /Douma hit");
    s.keys("/Pyongyang\r");
    s.wait_for("Pattern not found: Pyongyang");
    // Esc in the reader clears the search; n follows the entity again.
    s.keys("\x1b");
    s.wait_for("search cleared");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn a_click_on_the_second_article_opens_it_and_no_mouse_leaves_the_mouse_alone() {
    let mut s = Session::seeds(120, 32);
    s.wait_for("Russia –/9");
    assert_ne!(
        s.mouse_mode(),
        vt100::MouseProtocolMode::None,
        "mouse captured"
    );
    // The second article's headline is on the list's fourth row (1-based row 4, col 5).
    s.keys("\x1b[<0;5;4M\x1b[<0;5;4m");
    s.wait_for("2/2 · Russia");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    assert_eq!(
        s.parser
            .lock()
            .map(|p| p.screen().mouse_protocol_mode())
            .expect("screen"),
        vt100::MouseProtocolMode::None,
        "mouse released on exit"
    );

    let mut s = Session::start(
        &["--no-mouse"],
        Path::new(env!("CARGO_MANIFEST_DIR")),
        120,
        32,
    );
    s.wait_for("Russia –/9");
    assert_eq!(s.mouse_mode(), vt100::MouseProtocolMode::None);
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

/// `+` on a discovered entity writes it to the user's entity file, and the next start
/// tracks it: coloured, listed with the tracked entities.
#[test]
fn promoting_syria_keeps_it_tracked_after_a_restart() {
    let config = tempfile::tempdir().expect("config folder");
    let home = config.path().to_string_lossy().into_owned();
    let env = [("XDG_CONFIG_HOME", home.as_str())];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut s = Session::start_with_env(&[], &env, root, 120, 40);
    let screen = s.wait_for("Discovered (");
    assert!(screen.contains("Entities (6)"), "{screen}");
    // The first discovered entity of the first seed is Syria, the seventh row.
    s.keys("7");
    s.wait_for("Syria –/16");
    s.keys("+");
    let screen = s.wait_for("Syria is tracked now");
    assert!(screen.contains("● Syria"), "{screen}");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    let file = config.path().join("newslens/entities.json");
    let written = std::fs::read_to_string(&file).expect("the user's entity file");
    assert!(written.contains("\"name\": \"Syria\""), "{written}");
    assert!(written.contains("\"Syrian\""), "{written}");

    let mut s = Session::start_with_env(&[], &env, root, 120, 40);
    let screen = s.wait_for("Entities (7)");
    let syria_row = screen
        .lines()
        .find(|l| l.contains("● Syria"))
        .unwrap_or_else(|| panic!("Syria tracked:\n{screen}"));
    assert!(!syria_row.contains('◦'), "{syria_row}");
    let colour = s.fg_of("● Syria");
    assert!(
        colour.is_some_and(|c| c != vt100::Color::Default),
        "a colour of its own: {colour:?}"
    );
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

/// With the state folder unusable (a file where a folder should be), a note is not said
/// to be saved: the reader says what is kept only in memory and where it would go, and at
/// exit prints the note so it is not lost.
#[test]
fn a_note_that_cannot_be_saved_is_said_so_and_printed_at_exit() {
    let state = tempfile::tempdir().expect("state folder");
    std::fs::create_dir_all(state.path().join("newslens")).expect("mkdir");
    std::fs::write(state.path().join("newslens/corpora"), "in the way").expect("write");
    let home = state.path().to_string_lossy().into_owned();
    let env = [("XDG_STATE_HOME", home.as_str())];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut s = Session::start_with_env(&[], &env, root, 120, 30);
    s.wait_for("Russia –/9");
    s.keys("1n");
    s.wait_for("Russia 1/9");
    s.keys("a");
    s.wait_for("note on “Russia”:");
    s.keys("keep me\r");
    let screen = s.wait_for("not saved: 1 note is kept");
    assert!(!screen.contains("note saved"), "{screen}");
    // The problems say where it would go and why not.
    s.keys("!");
    let screen = s.wait_for("cannot be written (");
    assert!(screen.contains("newslens/corpora/"), "{screen}");
    // q closes the popup, then quits.
    s.keys("qq");
    assert_eq!(s.wait_exit(), 0);
    let screen = s.contents();
    assert!(
        screen.contains("not saved: 1 note is kept only while newslens runs"),
        "{screen}"
    );
    assert!(screen.contains("“Russia” — keep me"), "{screen}");
}

/// A named pipe named first, with nothing writing to it yet, does not keep the articles
/// after it from showing; the status bar says which file is still being read, and the
/// pipe's article joins when something is written.
#[test]
fn a_slow_first_file_does_not_hold_back_the_others() {
    let dir = tempfile::tempdir().expect("dir");
    let pipe = dir.path().join("slow.txt");
    let status = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo");
    assert!(status.success());
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut s = Session::start(
        &[&pipe.to_string_lossy(), &seeds.to_string_lossy()],
        dir.path(),
        120,
        30,
    );
    let screen = s.wait_for("reading slow.txt…");
    assert!(screen.contains("loading 2/3"), "{screen}");
    s.wait_for("Second day of Syria");
    std::fs::write(&pipe, "Pipe news\n\nRussia and Iran met again.").expect("write the pipe");
    let screen = s.wait_for("Articles (3)");
    assert!(screen.contains("Pipe news"), "{screen}");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

/// Counts typed in a real terminal: `3n` lands on Russia's third mention with the
/// selection as it was; `4` and a pause select entity 4 for `n`.
#[test]
fn counts_repeat_motions_in_the_terminal() {
    let mut s = Session::seeds(130, 40);
    s.wait_for("Russia –/9");
    s.keys("3n");
    s.wait_for("Russia 3/9");
    // A digit no motion follows is a selection once the count stops waiting (the wait
    // is polled for, not timed).
    s.keys("4");
    s.wait_until("the count to stop waiting", |screen| {
        screen
            .lines()
            .last()
            .is_some_and(|l| l.contains("Stuart Jones") && !l.contains(" · 4 "))
    });
    s.keys("n");
    // n now steps through Stuart Jones's mentions: one of them is current.
    s.wait_until("a mention of Stuart Jones to be current", |screen| {
        screen
            .lines()
            .last()
            .is_some_and(|l| l.contains("Stuart Jones ") && l.contains("/3") && !l.contains("–/3"))
    });
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn counts_the_command_line_open_and_copy_work_in_a_terminal() {
    use base64::Engine;
    let dir = tempfile::tempdir().expect("temp dir");
    let opened = dir.path().join("opened");
    let browser = dir.path().join("browser");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display()),
    )
    .expect("browser script");
    std::fs::set_permissions(
        &browser,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .expect("executable");
    let extra = dir.path().join("extra.md");
    std::fs::write(
        &extra,
        "# Extra round in Astana\n\nIran and Turkey met in Astana on Friday.\n",
    )
    .expect("article");
    let browser = browser.display().to_string();
    let mut s = Session::start_with_env(
        &[],
        &[("BROWSER", browser.as_str())],
        Path::new(env!("CARGO_MANIFEST_DIR")),
        120,
        32,
    );
    s.wait_for("1/2 · Russia –/9");

    // A count: 3 then n is the third next mention, and Russia stays selected.
    s.keys("3n");
    s.wait_for("1/2 · Russia 3/9");

    // The command line: a name completed with Tab, then its first mention.
    s.keys(":ent\tIr\t\r");
    s.wait_for("Iran selected");
    s.keys("n");
    s.wait_for("1/2 · Iran 2/7");

    // y: the mention's sentence goes out as OSC 52.
    s.keys("y");
    s.wait_for("copied the mention's sentence");
    let raw = s.raw.lock().map(|r| r.clone()).unwrap_or_default();
    let start = raw
        .windows(7)
        .position(|w| w == b"\x1b]52;c;")
        .expect("an OSC 52 sequence")
        + 7;
    let end = start
        + raw[start..]
            .iter()
            .position(|&b| b == 0x07)
            .expect("ended by BEL");
    let copied = base64::engine::general_purpose::STANDARD
        .decode(&raw[start..end])
        .expect("base64");
    let copied = String::from_utf8(copied).expect("UTF-8");
    assert!(copied.contains("Iran") && copied.ends_with('.'), "{copied}");

    // o: the browser is given the article's file.
    s.keys("o");
    s.wait_for("opening ");
    let deadline = Instant::now() + TIMEOUT;
    while !opened.exists() {
        assert!(Instant::now() < deadline, "the browser was never started");
        thread::sleep(Duration::from_millis(20));
    }
    thread::sleep(Duration::from_millis(100));
    let target = std::fs::read_to_string(&opened).expect("recorded");
    assert!(
        target.ends_with("seeds/000_0b9f368ee42c4f04.txt") && target.starts_with('/'),
        "{target}"
    );

    // :e reads another file into the corpus; the reader stays where it was.
    s.keys(&format!(":e {}\r", extra.display()));
    s.wait_for("Extra round in Astana");
    s.wait_for("1/3 · Iran");

    // Ctrl-l clears the screen and draws every cell again.
    let before = s.raw.lock().map(|r| r.len()).unwrap_or_default();
    s.keys("\x0c");
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let raw = s
            .raw
            .lock()
            .map(|r| r[before..].to_vec())
            .unwrap_or_default();
        let cleared = raw.windows(4).position(|w| w == b"\x1b[2J");
        if cleared.is_some_and(|at| String::from_utf8_lossy(&raw[at..]).contains("Extra round")) {
            break;
        }
        assert!(Instant::now() < deadline, "Ctrl-l did not redraw");
        thread::sleep(Duration::from_millis(20));
    }

    s.keys(":q\r");
    assert_eq!(s.wait_exit(), 0);
}

/// The README's picture is the screen of a real run: the seeds at 112×26 after `nnn`.
#[test]
fn the_readme_picture_is_a_real_screen() {
    let readme = include_str!("../README.md");
    let start = readme.find("```\n┌").expect("a picture") + 4;
    let picture = &readme[start..];
    let picture = &picture[..picture.find("```").expect("closed")];
    let mut s = Session::seeds(112, 26);
    // Once the names nobody listed have been looked for, in the background.
    s.wait_until("discovery done", |screen| {
        screen.contains("1/2 · Russia –/9") && !screen.contains("finding names")
    });
    s.keys("nnn");
    let screen = s.wait_for("Russia 3/9");
    let lines = |t: &str| -> Vec<String> { t.lines().map(|l| l.trim_end().to_owned()).collect() };
    assert_eq!(
        lines(picture),
        lines(&screen),
        "README.md's picture is out of date; replace it with:\n{screen}"
    );
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

/// A feed URL in the reader: an item's full text from its page, then `r` after the feed
/// gained an item shows it, and the reader stays where it was.
#[test]
fn a_feed_url_reads_full_text_and_r_brings_new_items() {
    use common::server::{Route, Server, rss};
    let s = Server::start();
    let page = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages/bbc-1/source.html"),
    )
    .expect("page");
    s.route("/bbc", Route::ok(page));
    let first = (
        "Obama on gun laws",
        s.url("/bbc"),
        "The president spoke…".to_owned(),
    );
    let items = |more: bool| {
        let mut items = vec![(first.0, first.1.as_str(), first.2.as_str())];
        if more {
            items.push((
                "Astana talks resume",
                "http://127.0.0.1:9/none",
                "Russia, Turkey and Iran met in Astana again.",
            ));
        }
        rss("Wire", &items)
    };
    s.route("/feed", Route::ok(items(false)));
    let cache = tempfile::tempdir().expect("cache");
    let feed = s.url("/feed");
    let cache_dir = cache.path().display().to_string();
    let mut session = Session::start_with_env(
        &[&feed],
        &[("XDG_CACHE_HOME", cache_dir.as_str())],
        Path::new(env!("CARGO_MANIFEST_DIR")),
        120,
        32,
    );
    let screen = session.wait_for("Obama on gun laws");
    assert!(screen.contains("Articles (1)"), "{screen}");
    // The page's text, not the feed's summary.
    session.keys("/Sopel\r");
    session.wait_for("/Sopel hit 1/");
    session.keys("\x1b");
    session.wait_for("search cleared");

    s.route("/feed", Route::ok(items(true)));
    session.keys("r");
    let screen = session.wait_for("reloaded: 1 new article");
    assert!(screen.contains("Articles (2)"), "{screen}");
    assert!(screen.contains("Astana talks resume"), "{screen}");
    assert!(
        screen.contains("1/2 ·"),
        "still on the first article: {screen}"
    );
    session.keys("r");
    session.wait_for("reloaded: nothing new");

    // R: the open article's page changed; its new text replaces the old.
    s.route(
        "/bbc",
        Route::ok(
            "<html><head><title>Obama on gun laws</title></head><body><article><h1>Obama on gun \
             laws</h1><p>Updated: the president met envoys from Russia and Iran to discuss \
             the talks in Astana, and then spoke at length about the gun laws he could not \
             pass in his time in office.</p></article></body></html>",
        ),
    );
    session.keys("R");
    let screen = session.wait_for("page reloaded");
    assert!(
        screen.contains("Updated: the president met envoys"),
        "{screen}"
    );
    session.keys("R");
    session.wait_for("the page has not changed");
    session.keys("q");
    assert_eq!(session.wait_exit(), 0);
}

/// The second opening of the same files comes from the article cache (`newslens
/// config` reports it filled); a changed file is read again and a deleted one is gone.
#[test]
fn reopening_takes_the_cache_and_sees_changed_and_deleted_files() {
    let root = tempfile::tempdir().expect("dir");
    let dir = root.path().join("story");
    std::fs::create_dir(&dir).expect("folder");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for (seed, name) in [
        ("000_0b9f368ee42c4f04.txt", "a.txt"),
        ("003_4a03aefaf02d152e.txt", "b.txt"),
    ] {
        std::fs::copy(seeds.join(seed), dir.join(name)).expect("copy");
    }
    let cache = root.path().join("cache");
    let cache_env = cache.display().to_string();
    let env = [("XDG_CACHE_HOME", cache_env.as_str())];
    let mut s = Session::start_with_env(&["."], &env, &dir, 120, 30);
    s.wait_for("Articles (2)");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    let config = common::newslens_command(&["config"])
        .env("XDG_CACHE_HOME", &cache)
        .output()
        .expect("config runs");
    let said = String::from_utf8_lossy(&config.stdout);
    let line = said
        .lines()
        .find(|l| l.starts_with("article cache: "))
        .unwrap_or_else(|| panic!("{said}"));
    assert!(
        line.contains("of at most 1 GiB") && !line.contains("(0 bytes"),
        "{line}"
    );
    // One file changed, the other deleted.
    let a = std::fs::read_to_string(dir.join("a.txt")).expect("read");
    std::fs::write(dir.join("a.txt"), a.replacen("Second day", "Third day", 1)).expect("write");
    std::fs::remove_file(dir.join("b.txt")).expect("remove");
    let mut s = Session::start_with_env(&["."], &env, &dir, 120, 30);
    let screen = s.wait_for("Articles (1)");
    assert!(screen.contains("Third day"), "{screen}");
    assert!(!screen.contains("Second day"), "{screen}");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}
