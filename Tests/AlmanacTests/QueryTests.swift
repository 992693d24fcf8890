import Foundation
import Testing

@testable import Almanac

@Suite struct StatisticsTests {
  @Test func medianAndPercentiles() {
    #expect(Statistics.percentile([3, 1, 2], 50) == 2)
    #expect(Statistics.percentile([4, 1, 3, 2], 50) == 2.5)
    #expect(Statistics.percentile([1, 2, 3, 4, 5], 25) == 2)
    #expect(Statistics.percentile([10, 20], 90) == 19)
    #expect(Statistics.percentile([7], 99) == 7)
    #expect(Statistics.percentile([], 50) == nil)
  }

  @Test func sampleVariance() throws {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum to 32, so 32 / 7.
    let variance = try #require(Statistics.sampleVariance([2, 4, 4, 4, 5, 5, 7, 9]))
    #expect(abs(variance - 32.0 / 7) < 1e-12)
    #expect(Statistics.sampleVariance([1]) == nil)
    // Welford keeps precision where the naive formula loses it.
    let values: [Double] = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]
    let large = try #require(Statistics.sampleVariance(values))
    #expect(large == 30)
  }
}

@Suite struct SQLiteTests {
  func database() throws -> SQLiteDatabase {
    let database = try SQLiteDatabase()
    try database.create(
      DataTable(
        name: "removals", sourcePath: "Content/data/removals.csv",
        columns: [
          .init(name: "level", type: .text), .init(name: "removed", type: .integer),
          .init(name: "since", type: .date), .init(name: "final", type: .boolean),
        ],
        rows: [
          [.text("Level 1"), .integer(9831), .date("2008-10-27"), .boolean(true)],
          [.text("Level 2+3"), .integer(24805), .date("2009-01-01"), .boolean(false)],
          [.text("Non-criminal"), .integer(12293), .null, .boolean(false)],
        ]))
    return database
  }

  @Test func aggregatesMatchKnownValues() throws {
    let result = try database().query(
      "SELECT median(removed), percentile(removed, 25), variance(removed), stddev(removed), sum(removed) FROM removals"
    )
    let row = result.rows[0]
    #expect(row[0] == .decimal(12293))
    #expect(row[1] == .decimal(11062))
    // Sample variance of 9831, 24805, 12293: mean 15643, deviations −5812, 9162, −3350.
    let deviations: [Double] = [5812, 9162, 3350]
    let squares = deviations.map { $0 * $0 }.reduce(0, +)
    let variance: Double = squares / 2
    #expect(row[2] == .decimal(variance))
    #expect(row[3] == .decimal(variance.squareRoot()))
    #expect(row[4] == .integer(46929))
    #expect(result.tablesRead == ["removals"])
  }

  @Test func aggregatesOfNothingAreNull() throws {
    let row = try database().query("SELECT median(removed), stddev(removed) FROM removals WHERE 0")
      .rows[0]
    #expect(row == [.null, .null])
  }

  @Test func datesAndBooleansComeBackTyped() throws {
    let rows = try database().query(
      "SELECT since, final, level FROM removals ORDER BY removed LIMIT 1"
    ).rows
    #expect(rows == [[.date("2008-10-27"), .boolean(true), .text("Level 1")]])
  }

  /// Text is lent to SQLite while each row is inserted, not copied: every value must still be
  /// stored whole, small or large, empty or not ASCII, and none may leak into the next row.
  @Test func insertedTextKeepsEveryValue() throws {
    let texts = [
      "", "a", "fifteen bytes!!", "sixteen bytes!!!", "Zürich — 東京",
      String(repeating: "x", count: 5_000),
    ]
    let rows: [[DataValue]] = texts.enumerated().map { index, text in
      [.integer(Int64(index)), .text(text), index.isMultiple(of: 2) ? .null : .text(text + "!")]
    }
    let database = try SQLiteDatabase()
    try database.create(
      DataTable(
        name: "t", sourcePath: "Content/data/t.csv",
        columns: [
          .init(name: "i", type: .integer), .init(name: "a", type: .text),
          .init(name: "b", type: .text),
        ],
        rows: rows))
    #expect(try database.query("SELECT * FROM t ORDER BY i").rows == rows)
  }

  @Test func namedParametersBind() throws {
    let db = try database()
    let rows = try db.query(
      "SELECT removed FROM removals WHERE level = :level", parameters: ["level": .text("Level 1")]
    ).rows
    #expect(rows == [[.integer(9831)]])
    #expect(throws: SQLiteDatabase.Failure.self) { try db.query("SELECT :missing") }
  }

  @Test(arguments: [
    ("ATTACH DATABASE '/tmp/x.db' AS x", "ATTACH is not allowed"),
    ("SELECT load_extension('/tmp/evil.so')", "load_extension is not allowed"),
    ("DELETE FROM removals", "queries may only read data"),
    ("CREATE TABLE t (a)", "queries may only read data"),
    ("PRAGMA table_info(removals)", "queries may only read data"),
    ("SELECT percentile(removed, 150) FROM removals", "percentile(x, p) needs p between 0 and 100"),
  ])
  func refusesAnythingButReading(sql: String, message: String) throws {
    let db = try database()
    #expect {
      try db.query(sql)
    } throws: { error in
      (error as? SQLiteDatabase.Failure)?.message.hasPrefix(message) == true
    }
    // The database is untouched.
    #expect(try db.query("SELECT count(*) FROM removals").rows == [[.integer(3)]])
  }

  @Test func queriesThatNeverEndAreStopped() throws {
    let endless =
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
    #expect {
      try database().query(endless, limits: .init(seconds: 0.2))
    } throws: { error in
      (error as? SQLiteDatabase.Failure)?.message
        == "query stopped after 0 seconds; make it cheaper or add a WHERE clause"
    }
  }

  @Test func hugeResultsAreCapped() throws {
    let many =
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 50) SELECT i FROM n"
    #expect {
      try database().query(many, limits: .init(rows: 10))
    } throws: { error in
      (error as? SQLiteDatabase.Failure)?.message.hasPrefix("query returned more than 10 rows")
        == true
    }
  }

  @Test func errorsCarryTheirOffset() throws {
    #expect {
      try database().query("SELECT level,\n  remvals FROM removals")
    } throws: { error in
      error as? SQLiteDatabase.Failure
        == SQLiteDatabase.Failure(message: "no such column: remvals", offset: 16)
    }
  }
}

@Suite struct ComputedPageTests {
  static let data = [
    "Content/data/figures.csv": "measure,value,period_end\nsc_removals_total,46929,2010-06-30\n"
      + "sc_removals_level1,9831,2010-06-30\nsc_removals_noncriminal,12293,2010-06-30\n",
    "Content/data/figures.schema.yml":
      "source: {name: ICE, url: \"https://www.ice.gov/\"}\nas_of: 2010-06-30\n",
  ]

  func build(_ files: [String: String]) -> BuildResult {
    TestSite.build(Self.data.merging(files) { $1 })
  }

  static let totalsPage = """
    ---
    title: Who
    queries:
      totals: |
        SELECT
          sum(value) FILTER (WHERE measure = 'sc_removals_total') AS removed,
          1.0 * sum(value) FILTER (WHERE measure = 'sc_removals_level1')
            / sum(value) FILTER (WHERE measure = 'sc_removals_total') AS share_level1
        FROM figures
    ---
    """

  @Test func inlineValuesAreComputedAndFormatted() {
    let result = build([
      "Content/who.md": Self.totalsPage
        + "\nOf `=totals.removed | ,d` removed, `=totals.share_level1 | .1%` were Level 1 and "
        + "`=totals.share_level1 | +.1%` in signed form; roughly `=totals.removed | k`.\n"
    ])
    #expect(TestSite.messages(result) == [])
    #expect(
      result.text(at: "who/index.html")?.contains(
        "<p>Of <data value=\"46929\">46,929</data> removed, <data value=\"0.2094866713545995\">20.9%</data> were "
          + "Level 1 and <data value=\"0.2094866713545995\">+20.9%</data> in signed form; roughly "
          + "<data value=\"46929\">47K</data>.</p>") == true)
  }

  @Test func badReferencesAreLocatedAtTheSpan() {
    let result = build([
      "Content/who.md": Self.totalsPage + """

        A `=totals.remvals` and `=totls.removed`.
        Rows: `=rows.value`. Format: `=totals.removed | ,q`. Junk: `=totals..x`.
        Text as number: `=first.measure | ,d`.
        """,
      "Content/queries/rows.sql": "SELECT value FROM figures",
      "Content/queries/first.sql": "SELECT measure FROM figures LIMIT 1",
    ])
    #expect(
      TestSite.messages(result) == [
        "Content/who.md:11:4: error: unknown column \"remvals\" in \"totals\" (its columns are \"removed\", \"share_level1\")",
        "Content/who.md:11:26: error: unknown query \"totls\" (did you mean \"totals\"?)",
        "Content/who.md:12:8: error: \"rows\" returns 3 rows, but a value in prose needs exactly one; add a WHERE clause or aggregate, or show it with a ```table block",
        "Content/who.md:12:31: error: bad format: unexpected \"q\"; a format looks like \",d\", \".1%\", \"$,.2f\", \".3s\" or \"k\"",
        "Content/who.md:12:61: error: \"totals..x\" is not a value reference; write `=query.column` or `=query.column | format`",
        "Content/who.md:13:18: error: bad format: \"sc_removals_total\" is not a number, so a number format can't apply",
      ])
  }

  @Test func queryErrorsPointAtTheirLineWithSuggestions() {
    let result = build([
      "Content/who.md":
        "---\ntitle: Who\nqueries:\n  totals: |\n    SELECT sum(valu)\n    FROM figures\n---\n",
      "Content/queries/broken.sql": "-- a comment\nSELECT measure\nFROM figurs\n",
      "Content/queries/syntax.sql": "SELEC 1",
    ])
    #expect(
      TestSite.messages(result) == [
        "Content/queries/broken.sql:3:6: error: query \"broken\": no such table: figurs (did you mean \"figures\"?)",
        "Content/queries/syntax.sql:1:1: error: query \"syntax\": near \"SELEC\": syntax error; fix the SQL at this point",
        "Content/who.md:5:16: error: query \"totals\": no such column: valu (did you mean \"value\"?)",
      ])
  }

  @Test func tablesRenderWithProvenance() {
    let result = build([
      "Content/who.md": """
      ---
      title: Who
      queries:
        by_measure: SELECT measure, value, 1.0 * value / 46929 AS share FROM figures ORDER BY value DESC
      ---
      ```table
      data: by_measure
      caption: Removals <by> level
      columns:
        - {field: measure, title: Measure}
        - {field: value, title: People, format: ",d"}
        - {field: share, title: Share, format: ".1%"}
      ```
      """
    ])
    #expect(TestSite.errors(result) == [])
    #expect(
      result.text(at: "who/index.html")?.contains(
        """
        <figure class="table">
        <table>
        <caption>Removals &lt;by&gt; level</caption>
        <thead>
        <tr><th scope="col">Measure</th><th scope="col" class="num">People</th><th scope="col" class="num">Share</th></tr>
        </thead>
        <tbody>
        <tr><th scope="row">sc_removals_total</th><td class="num">46,929</td><td class="num">100.0%</td></tr>
        <tr><th scope="row">sc_removals_noncriminal</th><td class="num">12,293</td><td class="num">26.2%</td></tr>
        <tr><th scope="row">sc_removals_level1</th><td class="num">9,831</td><td class="num">20.9%</td></tr>
        </tbody>
        </table>
        <p class="source">Source: <a href="https://www.ice.gov/">ICE</a>. Data as of June 30, 2010.</p>
        </figure>
        """) == true)
  }

  @Test func tableBlockMistakesAreLocated() {
    let result = build([
      "Content/who.md": """
      ---
      title: Who
      ---
      ```table
      data: figures
      colums: []
      ```

      ```table
      data: figurs
      ```

      ```table
      data: figures
      columns:
        - {field: valeu}
      ```

      ```table
      caption: Hand-written
      ---
      a,b
      1
      ```
      """
    ])
    #expect(
      TestSite.messages(result) == [
        "Content/who.md:6:1: error: unknown key \"colums\" in the table block (did you mean \"columns\"?)",
        "Content/who.md:10:7: error: unknown query \"figurs\" (did you mean \"figures\"?)",
        "Content/who.md:16:13: error: unknown column \"valeu\" in \"figures\" (did you mean \"value\"?)",
        "Content/who.md:23:2: error: row has 1 field but the header has 2; add or remove separators, or quote fields that contain one",
      ])
  }

  @Test func generatedPagesGetOneRowEach() {
    let result = build([
      "Content/measures/index.md": "---\ntitle: Measures\n---\n",
      "Content/measures/measure.md": """
      ---
      title: "Measure {measure}"
      summary: "All about {measure}."
      generate:
        query: measures
        slug: "{measure}"
      queries:
        measures: SELECT measure FROM figures ORDER BY measure
        detail: SELECT value FROM figures WHERE measure = :measure
      ---
      `=row.measure` counted `=detail.value | ,d`.
      """,
    ])
    #expect(TestSite.errors(result) == [])
    #expect(
      result.text(at: "measures/sc-removals-level1/index.html")
        == "<title>Measure sc_removals_level1</title>\n<article><p><data value=\"sc_removals_level1\">"
        + "sc_removals_level1</data> counted <data value=\"9831\">9,831</data>.</p>\n</article>\n")
    #expect(result.text(at: "measures/measure/index.html") == nil)
    #expect(
      result.text(at: "measures/index.html")
        == "<title>Measures</title>\n"
        + "<a href=\"/measures/sc-removals-level1/\">Measure sc_removals_level1</a>\n"
        + "<a href=\"/measures/sc-removals-noncriminal/\">Measure sc_removals_noncriminal</a>\n"
        + "<a href=\"/measures/sc-removals-total/\">Measure sc_removals_total</a>\n\n")
  }

  @Test func generatorMistakesAreLocated() {
    let result = build([
      "Content/m.md": "---\ntitle: \"{mesure}\"\ngenerate:\n  query: measurs\n  slug: x\n---\n",
      "Content/n.md":
        "---\ntitle: \"{mesure}\"\ngenerate: {query: all, slug: \"{measure}\"}\n---\n",
      "Content/queries/all.sql": "SELECT measure FROM figures",
    ])
    #expect(
      TestSite.messages(result) == [
        "Content/m.md:4:3: error: unknown query \"measurs\" (known: \"all\")",
        "Content/n.md:3:11: error: no column \"mesure\" in the generating query; use one of \"measure\"",
      ])
  }

  @Test func valuesInHeadingsAndFirstParagraphsShowTheirValue() {
    var templates = TestSite.templates
    templates["Templates/article.html"] =
      "{{page.summary}}|{{#page.toc}}{{id}}={{title}}{{/page.toc}}\n{{{page.content}}}"
    let result = Almanac.build(
      TestSite.sources(
        Self.data.merging([
          "Content/who.md": Self.totalsPage
            + "\nRemoved: `=totals.removed | ,d`.\n\n## Of `=totals.removed | k` people\n"
        ]) { $1 }, templates: templates))
    #expect(TestSite.messages(result) == [])
    #expect(
      result.text(at: "who/index.html")
        == "Removed: 46,929.|of-47k-people=Of 47K people\n<p>Removed: <data value=\"46929\">46,929</data>.</p>\n"
        + "<h2 id=\"of-47k-people\">Of <data value=\"46929\">47K</data> people <a class=\"anchor\" "
        + "href=\"#of-47k-people\" aria-label=\"Link to this section\">#</a></h2>\n")
  }

  @Test func computedDatesAreDatesAndCaptionsHoldValues() {
    let result = build([
      "Content/who.md": """
      ---
      title: Who
      queries:
        span: SELECT min(period_end) AS last, count(*) AS rows FROM figures
      ---
      Up to `=span.last`.

      ```table
      data: figures
      caption: "`=span.rows` figures to `=span.last | %B %Y`, as `code`"
      columns:
        - {field: value, title: Value, format: ",d"}
      ```
      """
    ])
    #expect(TestSite.messages(result) == [])
    let page = result.text(at: "who/index.html") ?? ""
    #expect(page.contains("<p>Up to <data value=\"2010-06-30\">June 30, 2010</data>.</p>"))
    #expect(
      page.contains(
        "<caption><data value=\"3\">3</data> figures to <data value=\"2010-06-30\">June 2010</data>, "
          + "as <code>code</code></caption>"))
  }

  @Test func anUnquotedCommaInAColumnIsReported() {
    let result = build([
      "Content/who.md":
        "---\ntitle: Who\n---\n```table\ndata: figures\ncolumns:\n  - {field: value, title: A, 2010}\n```\n"
    ])
    #expect(
      TestSite.messages(result) == [
        "Content/who.md:7:30: error: unknown key \"2010\" in a table column (known keys are \"field\", \"title\", \"format\")"
      ])
  }

  @Test func templatesSeeQueryRowsAndSingleRowValues() {
    var templates = TestSite.templates
    templates["Templates/article.html"] =
      "{{#page.queries.all}}{{measure}}={{value}};{{/page.queries.all}}|{{page.values.totals.removed}}|{{page.values.totals.share_level1}}"
    let result = Almanac.build(
      TestSite.sources(
        Self.data.merging([
          "Content/who.md": Self.totalsPage.replacingOccurrences(
            of: "queries:\n",
            with: "queries:\n  all: SELECT measure, value FROM figures ORDER BY value\n")
        ]) { $1 }, templates: templates))
    #expect(TestSite.errors(result) == [])
    #expect(
      result.text(at: "who/index.html")
        == "sc_removals_level1=9,831;sc_removals_noncriminal=12,293;sc_removals_total=46,929;|46,929|0.21"
    )
  }

  /// Site-wide results are formatted once for every page; each page must still see them as its
  /// own queries are shown, and a page query of the same name in their place.
  @Test func templatesSeeSiteWideRowsUnlessAPageQueryReplacesThem() {
    var templates = TestSite.templates
    templates["Templates/article.html"] =
      "{{#page.queries.all}}{{measure}}={{value}};{{/page.queries.all}}|{{page.values.total.sum}}"
    let files = Self.data.merging([
      "Content/queries/all.sql": "SELECT measure, value / 3.0 AS value FROM figures ORDER BY value",
      "Content/queries/total.sql": "SELECT sum(value) AS sum FROM figures",
      "Content/a.md": "---\ntitle: A\n---\n",
      "Content/b.md": "---\ntitle: B\n---\n",
      "Content/c.md":
        "---\ntitle: C\nqueries:\n  all: SELECT measure, value FROM figures WHERE value > 10000 ORDER BY value\n"
        + "  total: SELECT 1.5 AS sum\n---\n",
    ]) { $1 }
    let result = Almanac.build(TestSite.sources(files, templates: templates))
    #expect(TestSite.errors(result) == [])
    let shared =
      "sc_removals_level1=3,277;sc_removals_noncriminal=4,097.67;sc_removals_total=15,643;|69,053"
    #expect(result.text(at: "a/index.html") == shared)
    #expect(result.text(at: "b/index.html") == shared)
    #expect(
      result.text(at: "c/index.html")
        == "sc_removals_noncriminal=12,293;sc_removals_total=46,929;|1.5")
  }

  @Test func generatingQueriesMayRepeatAColumnName() {
    let result = build([
      "Content/m.md": """
      ---
      title: "{measure}"
      summary: "{measure}"
      generate: {query: twice, slug: "{measure}"}
      queries:
        twice: SELECT a.measure, b.measure FROM figures a JOIN figures b USING (measure)
      ---
      """
    ])
    #expect(TestSite.errors(result) == [])
    #expect(result.text(at: "sc-removals-total/index.html") != nil)
  }
}
