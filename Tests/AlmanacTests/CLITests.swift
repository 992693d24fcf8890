import Foundation
import Testing

@testable import Almanac

/// End-to-end tests of the built `almanac` executable, run as a subprocess on sites written
/// into temporary folders. None of the sites has a `Templates/` folder, so every build uses the
/// default theme compiled into the binary.
@Suite("almanac command line")
struct CLITests {
  /// A small site without errors: a home page, one article and two data files.
  static let goodSite: [String: String] = [
    "Content/site.yml": """
    title: Test Site
    description: A site for tests
    base_url: https://example.com/
    language: en
    author: Tester
    markdown:
      smart: true
      unsafe: false

    """,
    "Content/index.md": """
    ---
    title: Home
    ---
    Welcome to the *test* site.

    """,
    "Content/articles/a.md": """
    ---
    title: Article A
    date: 2013-02-15
    summary: The first article
    ---
    # Hello

    Some text, with a [link](https://example.net/) and the data behind it:
    [numbers](../../data/numbers.csv) and [more](../../data/more.csv).

    """,
    "Content/data/numbers.csv": "year,count\n2013,1\n",
    "Content/data/more.csv": "year,count\n2014,2\n",
  ]

  /// The default theme's static files, which every build copies to the output's root.
  static let themeFiles = DefaultTheme.files.keys.filter { $0.hasPrefix("static/") }
    .map { String($0.dropFirst("static/".count)) }

  /// What the good site builds into: 3 pages (home, article, 404), 2 data files, the feed, the
  /// sitemap and the theme's files.
  static let goodOutput =
    ([
      "404.html", "articles/a/index.html", "data/more.csv", "data/numbers.csv", "feed.xml",
      "index.html", "sitemap.xml",
    ] + themeFiles).sorted()
  /// The same, with the build manifest the next build starts from.
  static let goodOutputWithManifest =
    (goodOutput + [BuildManifest.path, BuildManifest.pagesPath]).sorted()

  static let escape = "\u{1B}["

  // MARK: Building

  @Test("a good site builds, printing one summary line and nothing else")
  func buildsGoodSite() throws {
    let site = try TemporarySite(Self.goodSite)
    defer { site.remove() }

    let result = try CLIRunner.run(["build", "--source", site.path])

    #expect(result.exitCode == 0, "\(result)")
    expectSummary(
      result, pages: 3, dataFiles: 2, into: site.path + "/Output", written: Self.goodOutput.count,
      unchanged: 0, removed: 0)
    #expect(result.stderr == "")
    for path in ["index.html", "articles/a/index.html", "sitemap.xml", "feed.xml", "404.html"] {
      #expect(site.exists("Output/" + path), "Output/\(path) is missing")
    }
    #expect(try site.text("Output/data/numbers.csv") == "year,count\n2013,1\n")
    #expect(!result.stdout.contains(Self.escape))
    #expect(!result.stderr.contains(Self.escape))
  }

  @Test("with no arguments, almanac builds the site in the current folder")
  func buildsCurrentFolderByDefault() throws {
    let site = try TemporarySite(Self.goodSite)
    defer { site.remove() }

    let first = try CLIRunner.run([], in: site.root)
    #expect(first.exitCode == 0, "\(first)")
    #expect(first.stderr == "")
    expectSummary(
      first, pages: 3, dataFiles: 2, into: ["Output", "./Output"], written: Self.goodOutput.count,
      unchanged: 0, removed: 0)
    #expect(try FolderContents.paths(under: site.output) == Self.goodOutputWithManifest)

    // The output folder is given relative to the current folder: the second build must still
    // recognise every file it wrote, and remove none of them.
    let second = try CLIRunner.run(["build"], in: site.root)
    #expect(second.exitCode == 0, "\(second)")
    expectSummary(
      second, pages: 3, dataFiles: 2, into: ["Output", "./Output"], written: 0,
      unchanged: Self.goodOutput.count, removed: 0, rendered: 0)
    #expect(try FolderContents.paths(under: site.output) == Self.goodOutputWithManifest)
  }

  @Test("a second identical build writes nothing and leaves modification dates alone")
  func rebuildIsIncremental() throws {
    let site = try TemporarySite(Self.goodSite)
    defer { site.remove() }

    let first = try CLIRunner.run(["build", "--source", site.path])
    try #require(first.exitCode == 0, "\(first)")
    try FolderContents.setModificationDates(under: site.output, to: FolderContents.longAgo)
    let before = try FolderContents.contents(under: site.output)

    let second = try CLIRunner.run(["build", "--source", site.path])

    #expect(second.exitCode == 0, "\(second)")
    #expect(second.stderr == "")
    expectSummary(
      second, pages: 3, dataFiles: 2, into: site.path + "/Output", written: 0,
      unchanged: Self.goodOutput.count, removed: 0, rendered: 0)
    #expect(try FolderContents.contents(under: site.output) == before)
    let dates = try FolderContents.modificationDates(under: site.output)
    #expect(dates.count == Self.goodOutputWithManifest.count)
    for (path, date) in dates {
      #expect(date == FolderContents.longAgo, "\(path) was rewritten")
    }
  }

  @Test("warnings are printed but don't fail the build")
  func warningsDoNotFailBuild() throws {
    let site = try TemporarySite(Self.goodSite)
    defer { site.remove() }
    try site.write("Content/index.md", "---\ntitle: Home\nslug: start\n---\nWelcome.\n")

    let result = try CLIRunner.run(["build", "--source", site.path])

    #expect(result.exitCode == 0, "\(result)")
    #expect(
      result.stderrLines == [
        "Content/index.md:1:1: warning: `slug` has no effect on an index page; rename its folder "
          + "to change its URL"
      ])
    expectSummary(
      result, pages: 3, dataFiles: 2, into: site.path + "/Output", written: Self.goodOutput.count,
      unchanged: 0, removed: 0)
    #expect(site.exists("Output/index.html"))
  }

  // MARK: Errors in the site

  @Test("every error in a broken site is printed, located like a compiler's")
  func reportsEveryError() throws {
    let site = try TemporarySite(Self.goodSite)
    defer { site.remove() }
    try site.write(
      "Content/site.yml", "title: Test Site\ntitel: Oops\nbase_url: https://example.com/\n")
    try site.write("Content/articles/bad.md", "---\ntitle: Bad\ndate: 2013-02-30\n---\nBody\n")
    try site.write("Content/articles/open.md", "---\ntitle: Open\nNo closing fence.\n")
    try site.write(
      "Content/articles/slug.md", "---\ntitle: Slug\nslug: a/b\ndraft: maybe\n---\nBody\n")

    let result = try CLIRunner.run(["build", "--source", site.path])

    #expect(result.exitCode == 1, "\(result)")
    #expect(result.stdout == "")
    #expect(
      result.stderrLines == [
        "Content/articles/bad.md:3:7: error: \"2013-02-30\" is not a valid date; write a real date "
          + "as YYYY-MM-DD, such as 2013-02-28",
        "Content/articles/open.md:1:1: error: front matter starts with `---` but never ends; add a "
          + "`---` line after its last key",
        "Content/articles/slug.md:3:7: error: slug \"a/b\" must be a single URL segment; remove "
          + "slashes, `..`, `?`, `#` and `%`",
        "Content/articles/slug.md:4:8: error: \"draft\" must be true or false, not text",
        "Content/site.yml:2:1: error: unknown key \"titel\" in site.yml (did you mean \"title\"?)",
        "build failed with 5 errors; \(site.path)/Output was not changed",
      ])
    #expect(!result.stderr.contains(Self.escape))
    #expect(!site.exists("Output"))
  }

  @Test("a failed build leaves the previous output exactly as it was")
  func failedBuildKeepsOutput() throws {
    let site = try TemporarySite(Self.goodSite)
    defer { site.remove() }
    let first = try CLIRunner.run(["build", "--source", site.path])
    try #require(first.exitCode == 0, "\(first)")
    try FolderContents.setModificationDates(under: site.output, to: FolderContents.longAgo)
    let before = try FolderContents.contents(under: site.output)

    // One error, plus changes a successful build would have written or removed.
    try site.write("Content/articles/a.md", "---\ntitle: Article A\ndate: 2013-13-01\n---\nNew\n")
    try site.write("Content/articles/new.md", "---\ntitle: New\n---\nA new page.\n")
    try site.delete("Content/data/more.csv")
    let second = try CLIRunner.run(["build", "--source", site.path])

    #expect(second.exitCode == 1, "\(second)")
    #expect(second.stdout == "")
    #expect(
      second.stderrLines == [
        "Content/articles/a.md:3:7: error: \"2013-13-01\" is not a valid date; write a real date "
          + "as YYYY-MM-DD, such as 2013-02-28",
        "build failed with 1 error; \(site.path)/Output was not changed",
      ])
    let after = try FolderContents.contents(under: site.output)
    #expect(after.keys.sorted() == before.keys.sorted())
    #expect(after == before)
    for (path, date) in try FolderContents.modificationDates(under: site.output) {
      #expect(date == FolderContents.longAgo, "\(path) was touched")
    }
  }

  @Test("a site without Content/ is an error, and nothing is written")
  func missingContentFolder() throws {
    let site = try TemporarySite()
    defer { site.remove() }

    let result = try CLIRunner.run(["build", "--source", site.path])

    #expect(result.exitCode == 1, "\(result)")
    #expect(result.stdout == "")
    let message = Diagnostic.missingContentFolder().formatted()
    #expect(message.hasPrefix("error: no Content/ folder here"))
    #expect(
      result.stderrLines == [
        message, "build failed with 1 error; \(site.path)/Output was not changed",
      ]
    )
    #expect(try FileManager.default.contentsOfDirectory(atPath: site.path) == [])
  }

  @Test("a file that can't be written fails the build with a message, not a crash")
  func writeFailureIsReported() throws {
    let site = try TemporarySite(Self.goodSite)
    defer { site.remove() }
    // A folder where index.html must go, kept because it holds a dotfile, can't be replaced by a
    // file, even by root.
    try site.write("Output/index.html/.keep", "keep")

    let result = try CLIRunner.run(["build", "--source", site.path])

    #expect(result.exitCode == 1, "\(result)")
    #expect(result.stdout == "")
    let lines = result.stderrLines
    #expect(lines.count == 1)
    let line = lines.first ?? ""
    #expect(line.hasPrefix("error: cannot write index.html ("), "\(line)")
    #expect(line.hasSuffix("; check free disk space and that the output folder is writable"))
    #expect(try site.text("Output/index.html/.keep") == "keep")
  }

  // MARK: The output folder

  @Test("files the site no longer makes are removed; dotfiles are kept")
  func removesStaleFilesKeepsDotfiles() throws {
    let site = try TemporarySite(Self.goodSite)
    defer { site.remove() }
    try site.write("Output/.gitignore", "*\n")
    try site.write("Output/.cache/state.json", "{}")
    try site.write("Output/stale.html", "old")
    try site.write("Output/old/page/index.html", "old")

    let result = try CLIRunner.run(["build", "--source", site.path])

    #expect(result.exitCode == 0, "\(result)")
    expectSummary(
      result, pages: 3, dataFiles: 2, into: site.path + "/Output", written: Self.goodOutput.count,
      unchanged: 0, removed: 2)
    #expect(!site.exists("Output/stale.html"))
    #expect(!site.exists("Output/old"), "the emptied folder should go too")
    #expect(try site.text("Output/.gitignore") == "*\n")
    #expect(try site.text("Output/.cache/state.json") == "{}")
    #expect(
      try FolderContents.paths(under: site.output)
        == ([".cache/state.json", ".gitignore"] + Self.goodOutputWithManifest).sorted())
  }

  @Test("--output writes the site to another folder")
  func outputOption() throws {
    let site = try TemporarySite(Self.goodSite)
    defer { site.remove() }
    let elsewhere = site.url("elsewhere/public")

    let result = try CLIRunner.run(["build", "--source", site.path, "--output", elsewhere.path])

    #expect(result.exitCode == 0, "\(result)")
    expectSummary(
      result, pages: 3, dataFiles: 2, into: elsewhere.path, written: Self.goodOutput.count,
      unchanged: 0, removed: 0)
    #expect(try FolderContents.paths(under: elsewhere) == Self.goodOutputWithManifest)
    #expect(!site.exists("Output"))
  }

  @Test("--base-url moves every internal link and permalink under the new address")
  func baseURLOption() throws {
    let site = try TemporarySite(Self.goodSite)
    defer { site.remove() }

    let result = try CLIRunner.run([
      "build", "--source", site.path, "--base-url", "https://example.org/pr-7/",
    ])

    #expect(result.exitCode == 0, "\(result)")
    let html = try site.text("Output/index.html")
    let links = html.matches(of: /href="([^"]*)"/).map { String($0.output.1) }
    let insideLinks = links.filter { !$0.hasPrefix("#") && !$0.contains("://") }
    #expect(insideLinks.contains("/pr-7/articles/a/"), "\(links)")
    #expect(insideLinks.contains("/pr-7/"))
    for link in insideLinks {
      #expect(link.hasPrefix("/pr-7/"), "internal link \(link) is not under /pr-7/")
    }
    #expect(!html.contains("example.com"), "the base_url in site.yml should be overridden")

    let sitemap = try site.text("Output/sitemap.xml")
    let locations = sitemap.matches(of: /<loc>([^<]*)<\/loc>/).map { String($0.output.1) }
    #expect(locations == ["https://example.org/pr-7/", "https://example.org/pr-7/articles/a/"])
  }

  @Test("an invalid --base-url is an error, and nothing is written")
  func invalidBaseURLOption() throws {
    let site = try TemporarySite(Self.goodSite)
    defer { site.remove() }

    let result = try CLIRunner.run(["build", "--source", site.path, "--base-url", "notaurl"])

    #expect(result.exitCode == 1, "\(result)")
    #expect(result.stdout == "")
    #expect(
      result.stderrLines == [
        "error: --base-url \"notaurl\" is not an absolute URL; write it like "
          + "https://example.org/pr-1/",
        "build failed with 1 error; \(site.path)/Output was not changed",
      ])
    #expect(!site.exists("Output"))
  }

  @Test("drafts are left out unless --drafts is given")
  func draftsOption() throws {
    let site = try TemporarySite(Self.goodSite)
    defer { site.remove() }
    try site.write(
      "Content/articles/draft.md", "---\ntitle: Unfinished Piece\ndraft: true\n---\nLater.\n")
    let draftPage = "Output/articles/draft/index.html"

    let without = try CLIRunner.run(["build", "--source", site.path])
    #expect(without.exitCode == 0, "\(without)")
    #expect(!site.exists(draftPage))
    #expect(!(try site.text("Output/index.html")).contains("Unfinished Piece"))
    #expect(!(try site.text("Output/sitemap.xml")).contains("articles/draft/"))

    let with = try CLIRunner.run(["build", "--source", site.path, "--drafts"])
    #expect(with.exitCode == 0, "\(with)")
    #expect(with.stdout.hasPrefix("Built 4 pages and 2 data files in "), "\(with)")
    #expect(try site.text(draftPage).contains("Unfinished Piece"))
    #expect(try site.text("Output/index.html").contains("href=\"/articles/draft/\""))

    let again = try CLIRunner.run(["build", "--source", site.path])
    #expect(again.exitCode == 0, "\(again)")
    #expect(!site.exists(draftPage))
    #expect(!site.exists("Output/articles/draft"))
  }

  @Test("an output folder that holds the site's sources is refused, not emptied")
  func outputFolderHoldingSources() throws {
    let site = try TemporarySite(Self.goodSite)
    defer { site.remove() }
    let sources = try FolderContents.contents(under: site.url("Content"))

    let result = try CLIRunner.run(["build", "--source", site.path, "--output", site.path])

    let remaining = try? FolderContents.contents(under: site.url("Content"))
    #expect(result.exitCode != 0, "\(result)")
    #expect(remaining == sources)

  }

  @Test("every link the default theme makes inside the site leads to a built file")
  func defaultThemeLinksResolve() throws {
    let site = try TemporarySite(Self.goodSite)
    defer { site.remove() }
    let result = try CLIRunner.run(["build", "--source", site.path])
    try #require(result.exitCode == 0, "\(result)")

    var checked = 0
    var broken: Set<String> = []
    for path in try FolderContents.paths(under: site.output) where path.hasSuffix(".html") {
      let html = try site.text("Output/" + path)
      for match in html.matches(of: /(?:href|src)="(\/[^"#?]*)"/) {
        let link = String(match.output.1)
        let file = link.hasSuffix("/") ? link + "index.html" : link
        checked += 1
        if !site.exists("Output" + file) { broken.insert(link) }
      }
    }
    #expect(checked > 10, "the pages should link to each other and to the stylesheet")
    #expect(broken.sorted() == [])
  }

  // MARK: The command line itself

  @Test(
    "a command line that can't be understood exits with status 2",
    arguments: [
      (["build", "--no-such-flag"], "Error: Unknown option '--no-such-flag'"),
      (["frobnicate"], "Error: Unexpected argument 'frobnicate'"),
      (["build", "--source"], "Error: Missing value for '--source <dir>'"),
      (
        ["build", "--drafts=yes"],
        "Error: The option '--drafts' does not take any value, but 'yes' was specified."
      ),
    ])
  func usageErrors(arguments: [String], message: String) throws {
    let site = try TemporarySite(Self.goodSite)
    defer { site.remove() }

    let result = try CLIRunner.run(arguments, in: site.root)

    #expect(result.exitCode == 2, "\(result)")
    #expect(result.stdout == "")
    #expect(result.stderrLines.first == message)
    #expect(
      result.stderrLines.contains(
        "Usage: almanac build [--source <dir>] [--base-url <url>] [--drafts] [--future] "
          + "[--relative-urls] [--output <dir>] [--clean] [--explain] [--format <format>] "
          + "[--json <file>] [--strict]"))
    #expect(!site.exists("Output"), "a wrong command line must not build anything")
  }

  @Test("--help describes the build subcommand and the version flag")
  func rootHelp() throws {
    let result = try CLIRunner.run(["--help"], environment: ["COLUMNS": "200"])

    #expect(result.exitCode == 0, "\(result)")
    #expect(result.stderr == "")
    let lines = result.stdoutLines
    #expect(lines.first == "OVERVIEW: Build data-driven explainers into a static website.")
    #expect(lines.contains("USAGE: almanac <subcommand>"))
    #expect(
      hasHelpEntry(lines, "build (default)", "Build the site into its output folder."),
      "\(result)")
    #expect(hasHelpEntry(lines, "--version", "Show the version."), "\(result)")
    #expect(
      hasHelpEntry(
        lines, "check", "Build the site in memory and report every problem, writing nothing."),
      "\(result)")
  }

  @Test("build --help lists every option with its help text")
  func buildHelp() throws {
    let result = try CLIRunner.run(["build", "--help"], environment: ["COLUMNS": "200"])

    #expect(result.exitCode == 0, "\(result)")
    #expect(result.stderr == "")
    let lines = result.stdoutLines
    #expect(lines.first == "OVERVIEW: Build the site into its output folder.")
    let entries = [
      ("--source <dir>", "The site's root folder. (default: .)"),
      ("--output <dir>", "Where to write the site (default: <source>/Output)."),
      (
        "--base-url <url>",
        "The absolute URL the site is published at; overrides base_url in site.yml."
      ),
      ("--drafts", "Include pages marked `draft: true`."),
      ("--future", "Include pages dated after today."),
      (
        "--relative-urls",
        "Make every internal link relative, so the site works from any folder and from file://."
      ),
      ("--json <file>", "Also write a JSON report of the run to this file."),
      ("--strict", "Treat warnings as errors: exit 1 when there are any."),
    ]
    for (names, help) in entries {
      #expect(hasHelpEntry(lines, names, help), "no line for \(names): \(help)\n\(result)")
    }

    let viaHelp = try CLIRunner.run(["help", "build"], environment: ["COLUMNS": "200"])
    #expect(viaHelp.exitCode == 0)
    #expect(viaHelp.stdout == result.stdout)
  }

  @Test("--version prints Almanac.version", arguments: [["--version"], ["build", "--version"]])
  func version(arguments: [String]) throws {
    let result = try CLIRunner.run(arguments)

    #expect(result.exitCode == 0, "\(result)")
    #expect(result.stdout == Almanac.version + "\n")
    #expect(result.stderr == "")
  }

  // MARK: Helpers

  /// Checks that standard output is exactly one summary line, `Built N pages and M data files
  /// in X s into PATH/ (W written, U unchanged, R removed)`, with PATH one of `paths`.
  private func expectSummary(
    _ result: CLIResult, pages: Int, dataFiles: Int, into paths: [String], written: Int,
    unchanged: Int, removed: Int, rendered: Int? = nil,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    let lines = result.stdoutLines
    #expect(lines.count == 1, "\(result)", sourceLocation: sourceLocation)
    #expect(result.stdout.hasSuffix("\n"), sourceLocation: sourceLocation)
    let line = lines.first ?? ""
    let prefix = "Built \(pages) pages and \(dataFiles) data files in "
    let renderedCount = rendered.map { "\($0) of \(pages) pages rendered; " } ?? ""
    let counts = "(\(renderedCount)\(written) written, \(unchanged) unchanged, \(removed) removed)"
    let suffixes = paths.map { " s into \($0)/ " + counts }
    let suffix = suffixes.first { line.hasSuffix($0) }
    #expect(line.hasPrefix(prefix), "\(line)", sourceLocation: sourceLocation)
    #expect(suffix != nil, "\(line) doesn't end with \(suffixes)", sourceLocation: sourceLocation)
    guard line.hasPrefix(prefix), let suffix else { return }
    let seconds = line.dropFirst(prefix.count).dropLast(suffix.count)
    #expect(
      seconds.wholeMatch(of: /[0-9]+\.[0-9]{2}/) != nil, "\(line)", sourceLocation: sourceLocation)
  }

  private func expectSummary(
    _ result: CLIResult, pages: Int, dataFiles: Int, into path: String, written: Int,
    unchanged: Int, removed: Int, rendered: Int? = nil,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    expectSummary(
      result, pages: pages, dataFiles: dataFiles, into: [path], written: written,
      unchanged: unchanged, removed: removed, rendered: rendered, sourceLocation: sourceLocation)
  }

  /// Whether help text has a line `  NAMES   HELP`: the names, then only spaces, then the help.
  private func hasHelpEntry(_ lines: [String], _ names: String, _ help: String) -> Bool {
    lines.contains { line in
      let trimmed = line.drop { $0 == " " }
      guard trimmed.hasPrefix(names + " "), trimmed.count > names.count else { return false }
      return trimmed.dropFirst(names.count).drop { $0 == " " } == help
    }
  }
}
