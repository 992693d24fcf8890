import Foundation
import Testing

/// The promise data explainers are built on: change a number in a data file, build again, and
/// every figure computed from it changes.
@Suite struct DataRefreshTests {
  static let site = [
    "Content/site.yml": "title: Refresh\n",
    "Content/data/figures.csv": "measure,value\nremoved,46929\nlevel1,9831\n",
    "Content/queries/totals.sql": """
    SELECT
      sum(value) FILTER (WHERE measure = 'removed') AS removed,
      1.0 * sum(value) FILTER (WHERE measure = 'level1') / sum(value) FILTER (WHERE measure = 'removed') AS share
    FROM figures
    """,
    "Content/who.md":
      "---\ntitle: Who\n---\n`=totals.removed | ,d` removed; `=totals.share | .1%` Level 1.\n",
  ]

  @Test func changingADataFileChangesTheBuiltFigures() throws {
    let site = try TemporarySite(Self.site)
    defer { site.remove() }
    let first = try CLIRunner.run(["build", "--source", site.path])
    #expect(first.exitCode == 0, "\(first)")
    #expect(
      try site.text("Output/who/index.html").contains(
        "46,929</data> removed; <data value=\"0.2094866713545995\">20.9%</data> Level 1."))
    #expect(first.stdout.contains("and 1 data files"))

    try site.write("Content/data/figures.csv", "measure,value\nremoved,47102\nlevel1,9900\n")
    let second = try CLIRunner.run(["build", "--source", site.path])
    #expect(second.exitCode == 0, "\(second)")
    let page = try site.text("Output/who/index.html")
    #expect(page.contains("<data value=\"47102\">47,102</data> removed;"))
    #expect(page.contains(">21.0%</data> Level 1."))
    #expect(
      try site.text("Output/data/figures.csv") == "measure,value\nremoved,47102\nlevel1,9900\n")
  }

  @Test func aBrokenQueryFailsTheBuildWithItsLocation() throws {
    var files = Self.site
    files["Content/queries/totals.sql"] = "SELECT sum(valeu) AS removed\nFROM figures\n"
    let site = try TemporarySite(files)
    defer { site.remove() }
    let result = try CLIRunner.run(["build", "--source", site.path])
    #expect(result.exitCode == 1)
    #expect(
      result.stderrLines.first
        == "Content/queries/totals.sql:1:12: error: query \"totals\": no such column: valeu (did you mean \"value\"?)"
    )
  }
}

/// On a terminal, errors are coloured; `script` gives the binary a pseudo-terminal.
@Suite struct TerminalOutputTests {
  @Test func errorsAreColouredOnATerminalOnly() throws {
    let script = URL(fileURLWithPath: "/usr/bin/script")
    try #require(
      FileManager.default.isExecutableFile(atPath: script.path), "util-linux's script is missing")
    let almanac = try CLIRunner.executable().path
    let command = "\(almanac) build --source /nonexistent-almanac-site"
    let process = Process()
    process.executableURL = script
    process.arguments = ["-qec", command, "/dev/null"]
    process.environment = ["TERM": "xterm-256color", "PATH": "/usr/bin:/bin"]
    let output = Pipe()
    process.standardOutput = output
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    #expect(process.terminationStatus == 1)
    #expect(
      text.hasPrefix("\u{1B}[1;31merror:\u{1B}[0m \u{1B}[1mno Content/ folder here"),
      "\(text.debugDescription)")

    let piped = try CLIRunner.run(["build", "--source", "/nonexistent-almanac-site"])
    #expect(!piped.stderr.contains("\u{1B}"))
  }
}
