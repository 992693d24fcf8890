import Foundation
import Testing

@testable import Almanac

/// Every chart type, drawn from fixed data and compared with golden files. The wide variant of
/// each is also the rendered example in docs/charts.md (docs/charts/*.svg).
/// Re-record with `ALMANAC_RECORD=1 swift test --filter ChartGoldenTests`.
@Suite struct ChartGoldenTests {
  static let levels = SQLiteDatabase.Result(
    columns: ["level", "removed"],
    rows: [
      [.text("Level 1"), .integer(9831)], [.text("Levels 2 and 3"), .integer(24805)],
      [.text("Non-criminal"), .integer(12293)],
    ],
    tablesRead: [])

  static let byYear = SQLiteDatabase.Result(
    columns: ["year", "level", "removed", "region"],
    rows: [
      [.integer(2011), .text("Convicted"), .integer(216698), .text("East")],
      [.integer(2011), .text("Non-criminal"), .integer(180208), .text("East")],
      [.integer(2012), .text("Convicted"), .integer(225390), .text("East")],
      [.integer(2012), .text("Non-criminal"), .integer(184459), .text("East")],
      [.integer(2013), .text("Convicted"), .integer(216810), .text("West")],
      [.integer(2013), .text("Non-criminal"), .integer(151834), .text("West")],
      [.integer(2014), .text("Convicted"), .integer(177960), .text("West")],
      [.integer(2014), .text("Non-criminal"), .integer(137983), .text("West")],
    ],
    tablesRead: [])

  static let monthly: SQLiteDatabase.Result = {
    var rows: [[DataValue]] = []
    var cumulative = 0
    for index in 0..<54 {
      let year = 2008 + (9 + index) / 12
      let month = (9 + index) % 12 + 1
      cumulative += (index * 37) % 101 + index
      let date = "\(year)-\(month < 10 ? "0" : "")\(month)-01"
      rows.append([
        .date(date), .integer(Int64(cumulative)), .text(index % 3 == 0 ? "South" : "West"),
      ])
    }
    return SQLiteDatabase.Result(
      columns: ["month", "counties", "region"], rows: rows, tablesRead: [])
  }()

  static let points = SQLiteDatabase.Result(
    columns: ["population", "days", "share"],
    rows: (1...40).map { index in
      let population = Double((index * 7919) % 9000 + 500) * 1000
      return [
        .decimal(population), .integer(Int64((index * 37) % 700 + 20)),
        .decimal(Double(index % 10) / 10),
      ]
    },
    tablesRead: [])

  static let cases: [(name: String, spec: String, data: SQLiteDatabase.Result)] = [
    (
      "bar",
      "type: bar\nx: {field: removed, format: \",d\"}\ny: {field: level}\nlabels: {values: end}",
      levels
    ),
    ("column", "type: column\nx: {field: level}\ny: {field: removed, format: \",d\"}", levels),
    (
      "stacked-column",
      "type: stacked-column\nx: year\ny: {field: removed, format: k}\ncolor: level", byYear
    ),
    (
      "stacked-bar",
      "type: stacked-bar\ny: year\nx: {field: removed, format: \",d\"}\ncolor: level\nlabels: {values: end}",
      byYear
    ),
    (
      "grouped-column",
      "type: grouped-column\nx: year\ny: {field: removed, format: k}\ncolor: level", byYear
    ),
    (
      "line",
      """
      type: line
      x: month
      y: {field: counties, format: ",d"}
      annotations:
        - {type: rule, x: 2011-05-17, label: "1,302 counties in 42 states"}
        - {type: range, x: [2012-01-01, 2013-01-22], label: Nationwide}
      """, monthly
    ),
    (
      "line-series", "type: line\nx: {field: year}\ny: {field: removed, format: k}\ncolor: level",
      byYear
    ),
    ("area", "type: area\nx: {field: month, fiscal: true}\ny: {field: counties}", monthly),
    ("area-stacked", "type: area\nx: year\ny: {field: removed, format: k}\ncolor: level", byYear),
    ("dot", "type: dot\ny: year\nx: {field: removed, format: k}\ncolor: level", byYear),
    (
      "scatter",
      "type: scatter\nx: {field: population, format: k, scale: log}\ny: days\ncolor: {field: share, scale: linear}",
      points
    ),
    ("waffle", "type: waffle\ncolor: {field: level}\ny: {field: removed, format: \",d\"}", levels),
    ("donut", "type: donut\ncolor: {field: level}\ny: {field: removed, format: \",d\"}", levels),
    ("histogram", "type: histogram\nx: {field: days}", points),
    ("facets", "type: line\nx: month\ny: counties\nfacet: {field: region, columns: 2}", monthly),
  ]

  static func render(_ name: String, _ body: String, _ data: SQLiteDatabase.Result) -> (
    String?, [Diagnostic]
  ) {
    let text =
      "id: \(name)\ntitle: Example \(name) chart\ndescription: An example of the \(name) chart type, drawn from fixed test data.\ndata: example\n\(body)\n"
    var diagnostics: [Diagnostic] = []
    let fence = SourceLocation(file: "Content/example.md", line: 1, column: 1)
    guard let spec = ChartSpec.parse(text, fence: fence, diagnostics: &diagnostics) else {
      return (nil, diagnostics)
    }
    let provenance = "Source: Test data."
    return (
      ChartRenderer.html(spec, rows: data, provenance: provenance, diagnostics: &diagnostics),
      diagnostics
    )
  }

  @Test func everyTypeMatchesItsGoldenFiles() throws {
    var figures: [OutputFile] = []
    var examples: [OutputFile] = []
    for (name, body, data) in Self.cases {
      let (html, diagnostics) = Self.render(name, body, data)
      #expect(diagnostics.map { $0.formatted() } == [], "\(name)")
      let figure = try #require(html, "\(name) rendered nothing")
      figures.append(OutputFile(path: "\(name).html", contents: Data((figure + "\n").utf8)))
      let wide = try #require(ChartLint.svgs(in: figure).first)
      examples.append(OutputFile(path: "\(name).svg", contents: Data((wide + "\n").utf8)))
    }
    try Golden.check(figures.sorted { $0.path < $1.path }, against: "charts.golden")
    try Golden.check(
      examples.sorted { $0.path < $1.path },
      in: TestSite.repositoryRoot.appendingPathComponent("docs/charts"))
  }

  @Test(arguments: cases.map(\.name))
  func everyTypePassesTheLint(name: String) throws {
    let (body, data) = try #require(Self.cases.first { $0.name == name }.map { ($0.spec, $0.data) })
    let html = try #require(Self.render(name, body, data).0)
    let svgs = ChartLint.svgs(in: html)
    #expect(svgs.count == 2)
    for svg in svgs {
      let lint = ChartLint.check(svg)
      #expect(lint.problems == [], "\(name)")
    }
    #expect(html.contains("<details class=\"chart__data\">"))
  }
}

/// Invariants over random data: whatever the numbers, charts stay well-formed, inside their
/// viewBox, and stacks add up.
@Suite struct ChartPropertyTests {
  /// A deterministic generator, so a failure can be reproduced from its seed.
  struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state >> 33
    }
    mutating func value(scale: Double) -> Double { Double(next() % 10_000) / 10_000 * scale }
  }

  @Test(arguments: 1...40)
  func randomChartsStayWellFormed(seed: Int) throws {
    var generator = Generator(state: UInt64(seed))
    let kinds = [
      "bar", "column", "stacked-column", "stacked-bar", "grouped-column", "line", "area", "dot",
      "scatter", "histogram", "waffle", "donut",
    ]
    let kind = kinds[seed % kinds.count]
    let scale = [1.0, 0.001, 1e6, 37, 1e9][Int(generator.next() % 5)]
    let negative =
      generator.next() % 4 == 0 && ["column", "bar", "line", "dot", "scatter"].contains(kind)
    let count = Int(generator.next() % 12) + 1
    var rows: [[DataValue]] = []
    for index in 0..<count {
      for series in ["A", "B"] {
        let value = generator.value(scale: scale) * (negative && index % 2 == 0 ? -1 : 1)
        let date = "20\(10 + index)-0\(series == "A" ? 1 : 6)-01"
        rows.append([
          .text("Category \(index)"), .decimal(value), .text(series), .date(date),
          .decimal(generator.value(scale: scale)),
        ])
      }
    }
    let data = SQLiteDatabase.Result(
      columns: ["category", "value", "series", "date", "other"], rows: rows, tablesRead: [])
    let body: String
    switch kind {
    case "bar", "dot": body = "type: \(kind)\ny: category\nx: value"
    case "stacked-bar": body = "type: stacked-bar\ny: category\nx: value\ncolor: series"
    case "stacked-column", "grouped-column":
      body = "type: \(kind)\nx: category\ny: value\ncolor: series"
    case "line", "area": body = "type: \(kind)\nx: date\ny: value\ncolor: series"
    case "scatter": body = "type: scatter\nx: other\ny: value"
    case "histogram": body = "type: histogram\nx: value"
    case "waffle", "donut": body = "type: \(kind)\ncolor: category\ny: other"
    default: body = "type: column\nx: category\ny: value"
    }
    let (html, diagnostics) = ChartGoldenTests.render("random-\(seed)", body, data)
    #expect(diagnostics.filter(\.isError).map { $0.formatted() } == [], "seed \(seed)")
    let figure = try #require(html, "seed \(seed): \(kind) rendered nothing")
    for svg in ChartLint.svgs(in: figure) {
      #expect(ChartLint.check(svg).problems == [], "seed \(seed): \(kind)")
    }
    if kind == "stacked-column" {
      try checkStacksSum(figure, data: data)
    }
  }

  /// Each stacked column's bars, end to end, are as tall as its total on the axis.
  private func checkStacksSum(_ figure: String, data: SQLiteDatabase.Result) throws {
    let svg = try #require(ChartLint.svgs(in: figure).first)
    // Marks carry a tooltip; legend swatches don't.
    let bars = svg.matches(
      of:
        #/<rect class="c\d" x="([\d.]+)" y="([\d.-]+)" width="[\d.]+" height="([\d.]+)" fill="[^"]+"><title>/#
    )
    var heights: [String: Double] = [:]
    for bar in bars { heights[String(bar.output.1), default: 0] += Double(bar.output.3) ?? 0 }
    let totals = Dictionary(grouping: data.rows, by: { ValueText.plain($0[0]) }).mapValues { rows in
      rows.compactMap { $0[1].number }.filter { $0 > 0 }.reduce(0, +)
    }
    #expect(heights.count == totals.count)
    // Heights are proportional to totals: the ratio between any two columns matches.
    let sortedHeights = heights.values.sorted()
    let sortedTotals = totals.values.sorted()
    if let maxHeight = sortedHeights.last, let maxTotal = sortedTotals.last, maxTotal > 0,
      maxHeight > 0
    {
      for (height, total) in zip(sortedHeights, sortedTotals) {
        #expect(abs(height / maxHeight - total / maxTotal) < 0.02)
      }
    }
  }
}

@Suite struct ChartSpecTests {
  func messages(_ text: String) -> [String] {
    var diagnostics: [Diagnostic] = []
    _ = ChartSpec.parse(
      text, fence: SourceLocation(file: "a.md", line: 10, column: 1), diagnostics: &diagnostics)
    return diagnostics.map { $0.formatted() }
  }

  @Test func mistakesAreLocatedWithSuggestions() {
    #expect(
      messages(
        "id: Removals By Level\ntype: bars\ntitel: x\nx: {field: a, formt: d}\ncolor: {field: b, scale: lin}\n"
      )
        == [
          "a.md:11:5: error: chart id \"Removals By Level\" must be lowercase words joined by hyphens, such as \"removals-by-level\"",
          "a.md:12:7: error: \"bars\" is not a valid `type` (did you mean \"bar\"?)",
          "a.md:13:1: error: unknown key \"titel\" in the chart (did you mean \"title\"?)",
          "a.md:14:15: error: unknown key \"formt\" in x (did you mean \"format\"?)",
          "a.md:15:26: error: \"lin\" is not a valid `color.scale` (use one of \"linear\", \"log\", \"time\", \"band\")",
          "a.md:10:1: error: chart is missing `title`: every chart needs a title; say what it shows",
          "a.md:10:1: error: chart is missing `description`: every chart needs a description, the text screen readers read: what is measured and the main takeaway",
          "a.md:10:1: error: chart is missing `data`: say which query or table to draw, such as `data: by_level`",
        ])
  }

  @Test func dataProblemsAreLocated() {
    let spec = "id: c\ntitle: T\ndescription: A description that is long enough.\ndata: d\n"
    func problems(_ body: String, _ data: SQLiteDatabase.Result) -> [String] {
      var diagnostics: [Diagnostic] = []
      let fence = SourceLocation(file: "a.md", line: 1, column: 1)
      guard let parsed = ChartSpec.parse(spec + body, fence: fence, diagnostics: &diagnostics)
      else {
        return diagnostics.map { $0.formatted() }
      }
      _ = ChartRenderer.html(parsed, rows: data, provenance: "", diagnostics: &diagnostics)
      return diagnostics.map { $0.formatted() }
    }
    let levels = ChartGoldenTests.levels
    #expect(
      problems("type: bar\nx: removd\ny: level\n", levels) == [
        "a.md:7:4: error: unknown column \"removd\" in \"d\" (did you mean \"removed\"?)"
      ])
    #expect(
      problems("type: bar\nx: level\ny: level\n", levels) == [
        "a.md:7:4: error: \"Level 1\" in \"level\" is not a number; choose a numeric column or fix the query"
      ])
    #expect(
      problems("type: stacked-column\nx: level\ny: removed\n", levels) == [
        "a.md:1:1: error: a stacked-column chart needs `color: {field: …}`"
      ])
    let empty = SQLiteDatabase.Result(
      columns: ["level", "removed"], rows: [[.text("x"), .null]], tablesRead: [])
    #expect(
      problems("type: bar\nx: removed\ny: level\n", empty) == [
        "a.md:5:7: error: chart data \"d\" has no rows with values to draw; check the query"
      ])
    let negative = SQLiteDatabase.Result(
      columns: ["level", "removed"], rows: [[.text("x"), .integer(-5)]], tablesRead: [])
    #expect(
      problems("type: bar\nx: {field: removed, scale: log}\ny: level\n", negative) == [
        "a.md:7:12: error: a log scale can't show zero or negative values in \"removed\"; filter them out or use a linear scale"
      ])
    let many = SQLiteDatabase.Result(
      columns: ["level", "removed"],
      rows: (0..<10_000).map { [.text("c\($0)"), .integer(Int64($0))] }, tablesRead: [])
    #expect(
      problems("type: bar\nx: removed\ny: level\n", many) == [
        "a.md:8:4: error: chart has 10000 categories, more than the 60 a reader can tell apart; group the rest in the query (for example with a LIMIT and an \"Other\" row)"
      ])
    #expect(
      problems(
        "type: line\nx: level\ny: removed\nannotations:\n  - {type: rule, x: 2011-05-17}\n",
        SQLiteDatabase.Result(
          columns: ["level", "removed"],
          rows: [[.date("2010-01-01"), .integer(1)], [.date("2012-01-01"), .integer(2)]],
          tablesRead: [])) == [])
  }

  @Test func everyLogScaledChannelIsChecked() {
    let data = SQLiteDatabase.Result(
      columns: ["a", "b"], rows: [[.integer(1), .integer(0)], [.integer(0), .integer(5)]],
      tablesRead: [])
    let spec =
      "id: c\ntitle: T\ndescription: A description that is long enough.\ndata: d\ntype: scatter\n"
    for (body, field) in [
      ("x: a\ny: {field: b, scale: log}\n", "b"), ("x: {field: a, scale: log}\ny: b\n", "a"),
    ] {
      var diagnostics: [Diagnostic] = []
      let fence = SourceLocation(file: "a.md", line: 1, column: 1)
      let parsed = ChartSpec.parse(spec + body, fence: fence, diagnostics: &diagnostics)
      #expect(
        parsed.flatMap {
          ChartRenderer.html($0, rows: data, provenance: "", diagnostics: &diagnostics)
        } == nil)
      #expect(
        diagnostics.map(\.message) == [
          "a log scale can't show zero or negative values in \"\(field)\"; filter them out or use a linear scale"
        ])
    }
  }

  @Test func aSinglePointStillDraws() throws {
    let one = SQLiteDatabase.Result(
      columns: ["level", "removed"], rows: [[.text("Only"), .integer(7)]], tablesRead: [])
    for body in [
      "type: bar\nx: removed\ny: level", "type: column\nx: level\ny: removed",
      "type: waffle\ncolor: level\ny: removed",
    ] {
      let html = try #require(ChartGoldenTests.render("one", body, one).0)
      for svg in ChartLint.svgs(in: html) { #expect(ChartLint.check(svg).problems == []) }
    }
  }

  @Test func textFromDataIsEscaped() throws {
    let hostile = SQLiteDatabase.Result(
      columns: ["level", "removed"],
      rows: [[.text("<script>alert(1)</script>\" onmouseover=\"x"), .integer(3)]], tablesRead: [])
    let html = try #require(
      ChartGoldenTests.render("hostile", "type: bar\nx: removed\ny: level", hostile).0)
    #expect(!html.contains("<script>"))
    #expect(!html.contains("\" onmouseover=\""))
    for svg in ChartLint.svgs(in: html) { #expect(ChartLint.check(svg).problems == []) }
  }
}

@Suite struct ChartLintTests {
  @Test func catchesWhatItChecks() {
    let bad = """
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" role="img" aria-labelledby="t d">
      <title id="t">T</title><desc id="x">Short</desc>
      <g transform="translate(80,0)"><rect x="10" y="0" width="30" height="10" fill="#000"/></g>
      <circle cx="NaN" cy="1.234" r="2"/><text id="t" onclick="x">a</text>
      </svg>
      """
    let problems = ChartLint.check(bad).problems
    #expect(problems.contains { $0.contains("outside the viewBox") })
    #expect(problems.contains { $0.contains("bad value in cx") })
    #expect(problems.contains { $0.contains("more than two decimals") })
    #expect(problems.contains { $0.contains("event attribute onclick") })
    #expect(problems.contains { $0.contains("aria-labelledby points to missing id d") })
    #expect(problems.contains { $0.contains("duplicate id t") })
    #expect(problems.contains { $0.contains("shorter than 40") })
    #expect(
      ChartLint.check("<svg><g></svg>").problems.contains { $0.hasPrefix("not well-formed XML") })
  }
}

@Suite struct ChartDescriptionTests {
  /// The author's description loses the white space around it, ASCII or not, as Foundation
  /// trims it.
  @Test func authorsDescriptionIsTrimmed() throws {
    let result = ChartGoldenTests.levels
    for (written, expected) in [
      ("Counts.\n", "Counts."), ("  \t Counts. \r\n", "Counts."),
      ("\u{A0}Counts.\u{2003}", "Counts."),
      ("Café", "Café"), (" \n ", ""), ("", ""),
    ] {
      var diagnostics: [Diagnostic] = []
      var spec = try #require(
        ChartSpec.parse(
          "id: c\ntype: column\ntitle: T\ndescription: d\ndata: q\nx: level\ny: removed",
          fence: SourceLocation(file: "a.md", line: 1), diagnostics: &diagnostics))
      spec.description = written
      let data = try #require(ChartData.bind(result, spec: spec, diagnostics: &diagnostics))
      let formats = ChartFormats(spec: spec, data: data, valueDecimals: 0, xDecimals: 0)
      let text = ChartRenderer.description(spec, data: data, formats: formats)
      #expect(text.hasPrefix(expected + " Column chart."), "\(written.debugDescription): \(text)")
    }
  }
}
