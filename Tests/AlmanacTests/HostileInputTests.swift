import Foundation
import Testing

@testable import Almanac

/// Broken and hostile input, through the real `almanac` binary: a good site is built, then
/// broken, then built again. The second build must exit with status 1 (never crash or hang),
/// print exactly the located message that says what to fix, and leave the first build's
/// `Output/` byte for byte as it was. `docs/reliability.md` lists every case and its outcome.
@Suite("hostile input")
struct HostileInputTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    /// Files the good site has from the start (templates, for the template cases).
    var setup: [String: String] = [:]
    /// Files written over the good site to break it.
    var files: [String: Data]
    var arguments: [String] = []
    /// Everything the failed build prints to standard error, before its last line.
    var messages: [String]
    /// What the last line counts: "1 error", "2 problems".
    var count = "1 error"

    init(
      _ name: String, setup: [String: String] = [:], files: [String: Data],
      arguments: [String] = [], messages: [String], count: String = "1 error"
    ) {
      self.name = name
      self.setup = setup
      self.files = files
      self.arguments = arguments
      self.messages = messages
      self.count = count
    }

    init(
      _ name: String, setup: [String: String] = [:], texts: [String: String],
      arguments: [String] = [], messages: [String], count: String = "1 error"
    ) {
      self.init(
        name, setup: setup, files: texts.mapValues { Data($0.utf8) }, arguments: arguments,
        messages: messages, count: count)
    }

    var testDescription: String { name }
  }

  /// A site that builds without errors or warnings.
  static let goodSite: [String: String] = [
    "Content/site.yml":
      "title: Test Site\ndescription: For tests\nbase_url: https://example.com/\n",
    "Content/index.md": "---\ntitle: Home\nsummary: The home page\n---\nWelcome.\n",
    "Content/articles/a.md": """
    ---
    title: Article A
    summary: The first article
    ---
    The [numbers](../../data/numbers.csv).

    """,
    "Content/data/numbers.csv": "year,count\n2013,1\n2014,2\n",
  ]

  static let page = "Content/articles/a.md"
  static let csv = "Content/data/numbers.csv"

  /// A page with front matter `yaml` and a short body.
  static func page(_ yaml: String, body: String = "Text.\n") -> String {
    "---\n\(yaml)---\n\(body)"
  }

  /// A page with a chart of `data` drawn by `encoding`, whose fence is on line 7.
  static func chart(_ encoding: String, data: String = "numbers") -> String {
    page(
      "title: A\nsummary: S\n",
      body: """
        Text.

        ```chart
        id: counts
        type: column
        title: Counts by year
        description: Counts for each year, which rise from one to two over the period.
        data: \(data)
        \(encoding)```

        """)
  }

  /// YAML that would expand to 9^9 (387 million) strings if its aliases were expanded.
  static let billionLaughs =
    "title: A\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + zip("abcdefgh", "bcdefghi").map { previous, name in
      "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ")
        + "]\n"
    }.joined()

  /// The minimal templates of `TestSite`, for the cases that break templates.
  static let templates = TestSite.templates

  static let cases: [Case] = [
    // Front matter
    Case(
      "front matter that never closes", texts: [page: "---\ntitle: A\nBody\n"],
      messages: [
        "Content/articles/a.md:1:1: error: front matter starts with `---` but never ends; add a "
          + "`---` line after its last key"
      ]),
    Case(
      "invalid YAML", texts: [page: page("title: [unclosed\n")],
      messages: [
        "Content/articles/a.md:3:1: error: invalid YAML: did not find expected ',' or ']' while "
          + "parsing a flow sequence; fix the syntax on this line"
      ]),
    Case(
      "a tab in YAML indentation", texts: [page: page("title: A\nextra:\n\tkey: 1\n")],
      messages: [
        "Content/articles/a.md:4:1: error: YAML can't be indented with tabs; indent this line "
          + "with spaces"
      ]),
    Case(
      "a title that is a list", texts: [page: page("title: [a, b]\n")],
      messages: ["Content/articles/a.md:2:8: error: \"title\" must be text, not a list"]),
    Case(
      "a key written twice", texts: [page: page("title: A\ntitle: B\n")],
      messages: [
        "Content/articles/a.md:2:1: error: duplicate key \"title\"; each key may appear only "
          + "once, so remove or rename the repeat"
      ]),
    Case(
      "February 30th", texts: [page: page("title: A\ndate: 2013-02-30\n")],
      messages: [
        "Content/articles/a.md:3:7: error: \"2013-02-30\" is not a valid date; write a real date "
          + "as YYYY-MM-DD, such as 2013-02-28"
      ]),
    Case(
      "a billion laughs", texts: [page: page(billionLaughs)],
      messages: [
        "Content/articles/a.md:3:8: error: YAML expands to more than 100000 values (aliases "
          + "repeated too often?); write the values out instead of nesting aliases"
      ]),
    Case(
      "YAML nested 50,000 levels deep",
      texts: [page: page("title: A\nx: " + String(repeating: "[", count: 50_000) + "\n")],
      messages: [
        "Content/articles/a.md:3:5: error: YAML is nested more than 1000 levels deep here; "
          + "flatten it (no setting needs more than a few levels)"
      ]),
    // Markdown
    Case(
      "a page that is not UTF-8",
      files: [page: Data("---\ntitle: A\n---\nHello ".utf8) + Data([0xFF, 0xFE])],
      messages: [
        "Content/articles/a.md:4:7: error: file is not valid UTF-8 here; save it with UTF-8 "
          + "encoding"
      ]),
    // CSV
    Case(
      "a CSV quote that never closes", texts: [csv: "year,count\n2013,\"1\n"],
      messages: [
        "Content/data/numbers.csv:2:6: error: quoted field is never closed; add the closing `\"` "
          + "(write a quote inside a field as `\"\"`)"
      ]),
    Case(
      "ragged CSV rows", texts: [csv: "year,count\n2013,1,5\n2014\n"],
      messages: [
        "Content/data/numbers.csv:2:8: error: row has 3 fields but the header has 2; add or "
          + "remove separators, or quote fields that contain one",
        "Content/data/numbers.csv:3:5: error: row has 1 field but the header has 2; add or "
          + "remove separators, or quote fields that contain one",
      ], count: "2 errors"),
    Case(
      "a CSV that is not UTF-8",
      files: [csv: Data("year,count\n2013,".utf8) + Data([0xC3, 0x28])],
      messages: [
        "Content/data/numbers.csv:2:6: error: file is not valid UTF-8 here; save it with UTF-8 "
          + "encoding"
      ]),
    Case(
      "an empty CSV", texts: [csv: ""],
      messages: [
        "Content/data/numbers.csv: error: data file is empty; add a header row with the column "
          + "names"
      ]),
    Case(
      "a CSV column named twice", texts: [csv: "year,year\n2013,1\n"],
      messages: [
        "Content/data/numbers.csv:1:6: error: column \"year\" appears twice in the header; "
          + "rename one of them"
      ]),
    // Took minutes: each field's column was counted from the start of its line, and each name
    // was looked for among all the names before it.
    Case(
      "100,000 columns",
      texts: [
        csv: (0..<100_000).map { "c\($0)" }.joined(separator: ",") + "\n"
          + Array(repeating: "1", count: 100_000).joined(separator: ",") + "\n"
      ],
      messages: [
        "Content/data/numbers.csv: error: cannot load table \"numbers\" into SQLite: too many "
          + "columns on numbers; check the file's header row and column names"
      ]),
    // SQL
    Case(
      "an SQL syntax error",
      texts: [page: page("title: A\nqueries:\n  total: SELEC sum(count) FROM numbers\n")],
      messages: [
        "Content/articles/a.md:4:10: error: query \"total\": near \"SELEC\": syntax error; fix "
          + "the SQL at this point"
      ]),
    Case(
      "a query that never ends",
      texts: [
        page: page(
          "title: A\nqueries:\n  n: WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
            + "SELECT i FROM n\n")
      ],
      messages: [
        "Content/articles/a.md:4:6: error: query \"n\": query returned more than 100000 rows; add "
          + "a LIMIT or aggregate with GROUP BY"
      ]),
    Case(
      "a query that never returns",
      texts: [
        page: page(
          "title: A\nqueries:\n  n: WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
            + "SELECT count(*) FROM n\n")
      ],
      messages: [
        "Content/articles/a.md:4:6: error: query \"n\": query stopped after 10 seconds; make it "
          + "cheaper or add a WHERE clause"
      ]),
    Case(
      "ATTACH", texts: [page: page("title: A\nqueries:\n  x: ATTACH DATABASE '/tmp/x.db' AS x\n")],
      messages: [
        "Content/articles/a.md:4:6: error: query \"x\": ATTACH is not allowed; put the data in "
          + "Content/data/ instead"
      ]),
    Case(
      "load_extension",
      texts: [page: page("title: A\nqueries:\n  x: SELECT load_extension('/tmp/evil.so')\n")],
      messages: [
        "Content/articles/a.md:4:6: error: query \"x\": load_extension is not allowed; queries can "
          + "only read the site's tables"
      ]),
    // Found by fuzzing: padding 34 trillion characters wide crashed the build.
    Case(
      "a format 34 trillion characters wide",
      texts: [
        page: page(
          "title: A\nqueries:\n  total: SELECT sum(count) AS n FROM numbers\n",
          body: "[Data](../../data/numbers.csv): `=total.n | 34444444444444~%`.\n")
      ],
      messages: [
        "Content/articles/a.md:6:34: error: bad format: a width of at most 100 characters, such as "
          + "\"8,d\", fits a page"
      ]),
    // Charts
    Case(
      "an unknown chart key", texts: [page: chart("x: year\ny: count\ncolour: red\n")],
      messages: [
        "Content/articles/a.md:15:1: error: unknown key \"colour\" in the chart (did you mean "
          + "\"color\"?)"
      ]),
    Case(
      "a chart without a y field", texts: [page: chart("x: year\n")],
      messages: ["Content/articles/a.md:7:1: error: a column chart needs `y: {field: …}`"]),
    Case(
      "a chart field of the wrong type", texts: [page: chart("x: year\ny: [count]\n")],
      messages: [
        "Content/articles/a.md:14:4: error: \"y\" must be a field name or {field: …}, not a list"
      ]),
    Case(
      "a chart of nothing but NULL",
      texts: [csv: "year,count\n2013,\n2014,\n", page: chart("x: year\ny: count\n")],
      messages: [
        "Content/articles/a.md:12:7: error: chart data \"numbers\" has no rows with values to "
          + "draw; check the query"
      ]),
    Case(
      "a negative value on a log scale",
      texts: [
        csv: "year,count\n2013,-5\n2014,3\n",
        page: chart("x: year\ny: {field: count, scale: log}\n"),
      ],
      messages: [
        "Content/articles/a.md:14:12: error: a log scale can't show zero or negative values in "
          + "\"count\"; filter them out or use a linear scale"
      ]),
    Case(
      "10,000 categories",
      texts: [
        csv: "year,count\n" + (0..<10_000).map { "c\($0),\($0)\n" }.joined(),
        page: chart("x: year\ny: count\n"),
      ],
      messages: [
        "Content/articles/a.md:13:4: error: chart has 10000 categories, more than the 60 a reader "
          + "can tell apart; group the rest in the query (for example with a LIMIT and an "
          + "\"Other\" row)"
      ]),
    Case(
      "a chart of a file outside the site",
      texts: [page: chart("x: year\ny: count\n", data: "/etc/passwd")],
      messages: [
        "Content/articles/a.md:12:7: error: unknown query \"/etc/passwd\" (known: \"numbers\")"
      ]),
    // Templates
    Case(
      "a missing partial", setup: templates,
      texts: ["Templates/article.html": "{{<base}}{{$main}}{{> footr}}{{/main}}{{/base}}"],
      messages: [
        "Templates/article.html:1:19: error: template \"footr\" not found (add "
          + "Templates/partials/footr.html)"
      ]),
    Case(
      "partials that include each other", setup: templates,
      texts: [
        "Templates/partials/a.html": "A{{> b}}", "Templates/partials/b.html": "B\n {{> a}}",
        "Templates/article.html": "{{<base}}{{$main}}{{> a}}{{/main}}{{/base}}",
      ],
      messages: [
        "Templates/partials/b.html:2:2: error: template \"a\" includes itself (a → b → a), which "
          + "would never finish; remove one of these `{{> …}}` or `{{< …}}` tags"
      ]),
    Case(
      "a layout that extends itself", setup: templates,
      texts: ["Templates/article.html": "{{<article}}{{$main}}x{{/main}}{{/article}}"],
      messages: [
        "Templates/article.html:1:1: error: template \"article\" includes itself (article → "
          + "article), which would never finish; remove one of these `{{> …}}` or `{{< …}}` tags"
      ]),
    Case(
      "an unknown page value, with --strict", setup: templates,
      texts: [
        "Templates/article.html":
          "{{<base}}{{$main}}{{page.titel}}{{{page.content}}}{{/main}}{{/base}}"
      ],
      arguments: ["--strict"],
      messages: [
        "Templates/article.html:1:19: warning: \"page.titel\" is never set, so it renders as "
          + "nothing (did you mean \"page.title\"?)"
      ], count: "1 problem"),
    // The file system
    Case(
      "a slug that climbs out", texts: [page: page("title: A\nslug: ../../etc\n")],
      messages: [
        "Content/articles/a.md:3:7: error: slug \"../../etc\" must be a single URL segment; "
          + "remove slashes, `..`, `?`, `#` and `%`"
      ]),
    Case(
      "a layout that is an absolute path", texts: [page: page("title: A\nlayout: /etc/passwd\n")],
      messages: [
        "Content/articles/a.md:3:9: error: layout \"/etc/passwd\" must be the name of a template "
          + "in Templates/, not a path; write a name such as \"article\""
      ]),
    Case(
      "two pages at one URL",
      texts: ["Content/articles/b.md": page("title: B\nslug: a\n")],
      messages: [
        "Content/articles/b.md: error: \"articles/a/index.html\" is also produced by "
          + "Content/articles/a.md; rename one of them or give one a different slug"
      ]),
  ]

  @Test(
    "broken input fails with an exact, located message and leaves Output/ alone", arguments: cases)
  func failsWithALocatedMessage(_ hostile: Case) throws {
    let site = try Self.builtSite(adding: hostile.setup)
    defer { site.remove() }
    let before = try FolderContents.contents(under: site.output)
    for (path, data) in hostile.files { try site.write(path, data) }

    let result = try CLIRunner.run(["build", "--source", site.path] + hostile.arguments)

    #expect(result.exitCode == 1, "\(result)")
    #expect(
      result.stderrLines
        == hostile.messages + [
          "build failed with \(hostile.count); \(site.path)/Output was not changed"
        ])
    #expect(try FolderContents.contents(under: site.output) == before)
  }

  // MARK: Input that builds

  @Test("NUL bytes in Markdown are not an error: they become U+FFFD, as CommonMark says")
  func nulBytesBecomeReplacementCharacters() throws {
    let site = try Self.builtSite()
    defer { site.remove() }
    try site.write(Self.page, Self.page("title: A\nsummary: S\n", body: "A\u{0}B\n"))

    let result = try CLIRunner.run(["build", "--source", site.path])

    #expect(result.exitCode == 0, "\(result)")
    #expect(try site.text("Output/articles/a/index.html").contains("<p>A\u{FFFD}B</p>"))
  }

  @Test("10,000 nested block quotes build without overflowing the stack")
  func deeplyNestedQuotesBuild() throws {
    let site = try Self.builtSite()
    defer { site.remove() }
    let body = String(repeating: "> ", count: 10_000) + "deep\n"
    try site.write(Self.page, Self.page("title: A\nsummary: S\n", body: body))

    let result = try CLIRunner.run(["build", "--source", site.path])

    #expect(result.exitCode == 0, "\(result)")
    let html = try site.text("Output/articles/a/index.html")
    #expect(html.components(separatedBy: "<blockquote>").count - 1 == 10_000)
  }

  @Test("a single line of 10 MB builds")
  func aVeryLongLineBuilds() throws {
    let site = try Self.builtSite()
    defer { site.remove() }
    let line = String(repeating: "word ", count: 2_000_000)
    try site.write(Self.page, Self.page("title: A\nsummary: S\n", body: line + "\n"))

    let result = try CLIRunner.run(["build", "--source", site.path])

    #expect(result.exitCode == 0, "\(result)")
    let html = try Data(contentsOf: site.url("Output/articles/a/index.html"))
    #expect(html.count > line.utf8.count)
    #expect(html.range(of: Data(("<p>" + line.dropLast() + "</p>").utf8)) != nil)
  }

  @Test("a CSV with only a header is an empty table, not an error")
  func headerOnlyIsAnEmptyTable() throws {
    let site = try Self.builtSite()
    defer { site.remove() }
    try site.write(Self.csv, "year,count\n")
    try site.write(
      Self.page,
      Self.page(
        "title: A\nsummary: S\nqueries:\n  rows: SELECT count(*) AS n FROM numbers\n",
        body: "[Data](../../data/numbers.csv): `=rows.n` rows.\n"))

    let result = try CLIRunner.run(["build", "--source", site.path])

    #expect(result.exitCode == 0, "\(result)")
    #expect(
      try site.text("Output/articles/a/index.html").contains(
        ": <data value=\"0\">0</data> rows.</p>"))
  }

  @Test("a chart of a single point draws")
  func aSinglePointDraws() throws {
    let site = try Self.builtSite()
    defer { site.remove() }
    try site.write(Self.csv, "year,count\n2013,5\n")
    try site.write(Self.page, Self.chart("x: year\ny: count\n"))

    let result = try CLIRunner.run(["build", "--source", site.path])

    #expect(result.exitCode == 0, "\(result)")
    #expect(try site.text("Output/articles/a/index.html").contains("<svg"))
  }

  @Test("an unknown page value is a warning without --strict")
  func unknownTemplateValueWarns() throws {
    let site = try Self.builtSite(adding: Self.templates)
    defer { site.remove() }
    try site.write(
      "Templates/article.html",
      "{{<base}}{{$main}}{{page.titel}}{{{page.content}}}{{/main}}{{/base}}")

    let result = try CLIRunner.run(["build", "--source", site.path])

    #expect(result.exitCode == 0, "\(result)")
    #expect(
      result.stderrLines == [
        "Templates/article.html:1:19: warning: \"page.titel\" is never set, so it renders as "
          + "nothing (did you mean \"page.title\"?)"
      ])
  }

  @Test("the default theme names only values Almanac sets")
  func defaultThemeUsesKnownNames() {
    for (path, data) in DefaultTheme.files where path.hasSuffix(".html") {
      #expect(
        TemplateSet.unknownNames(in: String(decoding: data, as: UTF8.self), file: path).isEmpty)
    }
  }

  // MARK: The file system

  @Test("symbolic links out of Content/ are refused, never read")
  func linksOutOfTheSiteAreRefused() throws {
    let site = try Self.builtSite()
    defer { site.remove() }
    let before = try FolderContents.contents(under: site.output)
    try FileManager.default.createSymbolicLink(
      atPath: site.url("Content/articles/passwd.md").path, withDestinationPath: "/etc/passwd")
    try FileManager.default.createSymbolicLink(
      atPath: site.url("Content/etc").path, withDestinationPath: "/etc")

    let result = try CLIRunner.run(["build", "--source", site.path])

    #expect(result.exitCode == 1, "\(result)")
    #expect(
      result.stderrLines == [
        "Content/articles/passwd.md: error: symbolic link points outside its folder; copy the "
          + "file into the site instead",
        "Content/etc: error: symbolic link points outside its folder; copy the file into the "
          + "site instead",
        "build failed with 2 errors; \(site.path)/Output was not changed",
      ])
    #expect(try FolderContents.contents(under: site.output) == before)
  }

  @Test("an unreadable file is an error where it really can't be read (not as root)")
  func unreadableFile() throws {
    let site = try Self.builtSite()
    defer { site.remove() }
    let before = try FolderContents.contents(under: site.output)
    try site.write(Self.page, Self.page("title: A\nsummary: Changed\n"))
    chmod(site.url(Self.page).path, 0)

    let result = try CLIRunner.run(["build", "--source", site.path])

    guard access(site.url(Self.page).path, R_OK) != 0 else {
      #expect(result.exitCode == 0, "root reads it anyway: \(result)")
      return
    }
    #expect(result.exitCode == 1, "\(result)")
    #expect(
      result.stderrLines == [
        "Content/articles/a.md: error: cannot read this file; check that it exists and that you "
          + "may read it",
        "build failed with 1 error; \(site.path)/Output was not changed",
      ])
    #expect(try FolderContents.contents(under: site.output) == before)
  }

  @Test("a read-only Output/ fails the build and stays as it was (not as root)")
  func readOnlyOutput() throws {
    let site = try Self.builtSite()
    defer { site.remove() }
    let before = try FolderContents.contents(under: site.output)
    try site.write(Self.page, Self.page("title: A\nsummary: Changed\n"))
    chmod(site.output.path, 0o555)

    let result = try CLIRunner.run(["build", "--source", site.path])

    guard access(site.output.path, W_OK) != 0 else {
      #expect(result.exitCode == 0, "root writes anyway: \(result)")
      return
    }
    #expect(result.exitCode == 1, "\(result)")
    #expect(
      result.stderrLines == [
        "error: cannot write articles/a/index.html (Permission denied); check free disk space "
          + "and that the output folder is writable"
      ])
    #expect(try FolderContents.contents(under: site.output) == before)
  }

  @Test("a full disk fails the write with the system's words, and the old output survives")
  func fullDisk() throws {
    let site = try TemporarySite()
    defer { site.remove() }
    let old = OutputWriterTests.site
    try OutputWriter(folder: site.output).write(old)
    let before = try FolderContents.contents(under: site.output)
    var writer = OutputWriter(folder: site.output)
    writer.writeData = { data, url in
      // The first file fits; the disk is full by the second.
      if FileManager.default.fileExists(atPath: url.deletingLastPathComponent().path + "/0") {
        throw POSIXError(.ENOSPC)
      }
      try data.write(to: url)
    }
    let new = OutputWriterTests.files([
      "index.html": "<h1>New home</h1>", "articles/b/index.html": "<h1>B</h1>",
      "data/numbers.csv": "year,count\n2013,1\n",
    ])

    #expect {
      try writer.write(new)
    } throws: { error in
      (error as? OutputWriter.Failure)?.diagnostic.formatted()
        == "error: cannot write index.html (No space left on device); check free disk space and "
        + "that the output folder is writable"
    }
    #expect(try FolderContents.contents(under: site.output) == before)
    #expect(!site.exists("Output/" + OutputWriter.stagingFolder))
  }

  /// A temporary copy of the good site, plus `files`, already built once.
  static func builtSite(adding files: [String: String] = [:]) throws -> TemporarySite {
    let site = try TemporarySite(goodSite.merging(files) { $1 })
    let first = try CLIRunner.run(["build", "--source", site.path])
    guard first.exitCode == 0, first.stderr.isEmpty else {
      site.remove()
      throw CLIRunner.Failure(description: "the good site did not build cleanly: \(first)")
    }
    return site
  }
}
