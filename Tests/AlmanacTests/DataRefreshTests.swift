import Foundation
import Testing

@testable import Almanac

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

  @Test("a rebuild prints every figure that changed, explains itself, and reports both in JSON")
  func rebuildReportsChangedFigures() throws {
    let site = try TemporarySite(Self.site)
    defer { site.remove() }
    let first = try CLIRunner.run(["build", "--source", site.path, "--explain"])
    #expect(first.stdoutLines.first == "Full build: every page was rendered.")

    try site.write("Content/data/figures.csv", "measure,value\nremoved,47102\nlevel1,9900\n")
    let report = site.path + "/report.json"
    let second = try CLIRunner.run(["build", "--source", site.path, "--explain", "--json", report])
    #expect(second.exitCode == 0, "\(second)")
    #expect(
      Array(second.stdoutLines.dropLast()) == [
        // Its summary is its first paragraph, which holds the figures.
        "who/: data table figures changed; its title, date, tags or summary changed",
        "Figures changed since the previous build:",
        "  who/: totals.removed 46,929 -> 47,102; totals.share 20.9% -> 21.0%",
      ])
    #expect(second.stdoutLines.last?.contains("(1 of 3 pages rendered; ") == true)
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report)))
        as? [String: Any])
    #expect(json["incremental"] as? Bool == true)
    #expect(json["pages_rebuilt"] as? Int == 1)
    let changes = try #require(json["figures_changed"] as? [[String: String]])
    #expect(
      changes.first == [
        "page": "who/", "label": "totals.removed", "before": "46,929", "after": "47,102",
      ])
  }

  @Test("a damaged or foreign manifest means a full build, with a note, and is repaired")
  func unusableManifest() throws {
    let site = try TemporarySite(Self.site)
    defer { site.remove() }
    #expect(try CLIRunner.run(["build", "--source", site.path]).exitCode == 0)
    let manifest = "Output/" + BuildManifest.path
    let good = try site.text(manifest)

    try site.write(manifest, "{ not json")
    let damaged = try CLIRunner.run(["build", "--source", site.path])
    #expect(damaged.exitCode == 0, "\(damaged)")
    #expect(
      damaged.stderrLines == [
        site.path + "/" + manifest
          + ": note: the build manifest is damaged, so every page is built again (this repairs it)"
      ])
    #expect(try site.text(manifest) == good)

    // The executable's identity, not this test process's.
    let identity = try almanacIdentity()
    try site.write(
      manifest,
      good.replacingOccurrences(of: identity, with: Almanac.version + "+0123456789abcdef"))
    let foreign = try CLIRunner.run(["build", "--source", site.path])
    #expect(
      foreign.stderrLines == [
        site.path + "/" + manifest + ": note: the build manifest was written by another build of "
          + "Almanac (\(Almanac.version)+0123456789abcdef, this is \(identity)), "
          + "so every page is built again"
      ])
    #expect(try site.text(manifest) == good)

    try site.write("Output/" + BuildManifest.pagesPath, "[1, 2")
    try site.write("Content/who.md", "---\ntitle: Who\n---\nEdited: `=totals.removed | ,d`.\n")
    let pagesDamaged = try CLIRunner.run(["build", "--source", site.path, "--explain"])
    #expect(
      pagesDamaged.stderrLines == [
        "note: the build manifest is damaged, so every page is built again (this repairs it)"
      ])
    #expect(pagesDamaged.stdoutLines.first == "Full build: every page was rendered.")

    let clean = try CLIRunner.run(["build", "--source", site.path, "--clean", "--explain"])
    #expect(clean.stdoutLines.first == "Full build: every page was rendered.")
    #expect(clean.stderr == "")
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

/// The identity the `almanac` executable gives its manifests.
private func almanacIdentity() throws -> String {
  let executable = try CLIRunner.executable()
  return Almanac.version + "+" + ContentHash(try Data(contentsOf: executable)).hex
}
