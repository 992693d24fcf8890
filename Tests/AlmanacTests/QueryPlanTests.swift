import Foundation
import Testing

@testable import Almanac

@Suite struct SQLTokenTests {
  func texts(_ sql: String) -> [String] { SQLToken.tokens(in: sql).map(\.text) }

  @Test func skipsCommentsAndKeepsLiteralsWhole() {
    #expect(
      texts("SELECT a -- b = 1\n/* c = 2 */ FROM t WHERE s = 'it''s -- x' AND n >= -1.5e-3")
        == [
          "select", "a", "from", "t", "where", "s", "=", "'it''s -- x'", "and", "n", ">=", "-",
          "1.5e-3",
        ])
    #expect(
      SQLToken.tokens(in: "x'CAFE' 0x1F 12 .5 :state @a $b ?1").map(\.kind)
        == [.literal, .literal, .literal, .literal, .parameter, .parameter, .parameter, .parameter])
  }

  @Test func quotedNamesAreUnquotedAndLowercased() {
    let tokens = SQLToken.tokens(in: #""Re""gion" `Year` [My col] Région"#)
    #expect(tokens.map(\.kind) == [.quotedName, .quotedName, .quotedName, .word])
    #expect(tokens.map(\.text) == [#"re"gion"#, "year", "my col", "région"])
  }

  @Test func operatorsAreWhole() {
    #expect(
      texts("a<=b<>c!=d==e||f->>g->h") == [
        "a", "<=", "b", "<>", "c", "!=", "d", "==", "e", "||", "f", "->>", "g", "->", "h",
      ])
  }
}

@Suite struct IndexPlanTests {
  static let metrics = DataTable(
    name: "metrics", sourcePath: "Content/data/metrics.csv",
    columns: [
      .init(name: "id", type: .integer), .init(name: "region", type: .text),
      .init(name: "category", type: .text), .init(name: "year", type: .integer),
      .init(name: "value", type: .decimal),
    ],
    rows: (0..<600).map(row))

  /// A row whose values repeat in cycles of different lengths; the values' tiny differences
  /// would show if they were summed in another order.
  static func row(_ number: Int) -> [DataValue] {
    let region: DataValue = .text("Region \(number % 7)")
    let category: DataValue = .text(["A", "B", "C"][number % 3])
    let year: DataValue = .integer(Int64(2010 + number % 5))
    let value = Double(number) * 0.1 + 1e-9 * Double(number % 11)
    return [.integer(Int64(number)), region, category, year, .decimal(value)]
  }

  static let events = DataTable(
    name: "events", sourcePath: "Content/data/events.csv",
    columns: [.init(name: "kind", type: .text), .init(name: "region", type: .text)],
    rows: [[.text("appeal"), .text("Region 1")]])

  /// One query per region and year, as pages of a data-driven site have.
  static let perPage = (0..<20).map { page in
    "SELECT sum(value) AS total, count(*) AS n FROM metrics\n"
      + "WHERE region = 'Region \(page % 7)' AND year = \(2010 + page % 5)"
  }

  func plan(_ queries: [String]) -> [IndexPlan.Index] {
    IndexPlan.indexes(for: queries, tables: [Self.metrics, Self.events])
  }

  @Test func columnsComparedTogetherShareAnIndex() {
    #expect(plan(Self.perPage) == [.init(table: "metrics", columns: ["region", "year"])])
    let reversed = (0..<10).map { "SELECT * FROM metrics WHERE \($0) = \"YEAR\" AND :r = region;" }
    #expect(plan(reversed) == [.init(table: "metrics", columns: ["region", "year"])])
  }

  @Test func aColumnSometimesComparedAloneGetsAnIndexOfItsOwn() {
    let byCategory = (0..<10).map {
      "SELECT category, sum(value) FROM metrics WHERE metrics.region = 'Region \($0)' GROUP BY category"
    }
    #expect(plan(Self.perPage + byCategory) == [.init(table: "metrics", columns: ["region"])])
  }

  @Test func fewQueriesAreNotWorthAnIndex() {
    #expect(plan(Array(Self.perPage.prefix(IndexPlan.minimumQueries - 1))) == [])
    #expect(plan(Array(Self.perPage.prefix(IndexPlan.minimumQueries))).count == 1)
  }

  @Test(arguments: [
    "SELECT region FROM metrics WHERE year = 2011",
    "SELECT * FROM metrics WHERE region > 'Region 3'",
    "SELECT * FROM metrics WHERE region IN ('Region 1', 'Region 2')",
    "SELECT * FROM metrics WHERE region = 'Region 1' COLLATE NOCASE",
    "SELECT * FROM metrics WHERE region || '' = 'Region 1'",
    "SELECT * FROM metrics WHERE (region) = 'Region 1'",
    "SELECT * FROM metrics ORDER BY region",
    "SELECT * FROM metrics WHERE region = year",
    "SELECT * FROM metrics WHERE region LIKE 'Region%'",
  ])
  func aColumnUsedAnyOtherWayIsNotIndexed(other: String) {
    let onlyRegion = (0..<10).map { "SELECT * FROM metrics WHERE region = 'Region \($0)'" }
    #expect(plan(onlyRegion) == [.init(table: "metrics", columns: ["region"])])
    #expect(plan(onlyRegion + [other]) == [])
  }

  @Test(arguments: [
    "SELECT * FROM metrics WHERE region = 'Region 1' OR year = 2011",
    "SELECT * FROM metrics WHERE value BETWEEN 1 AND 2 AND region = 'Region 1'",
    "SELECT * FROM metrics JOIN events ON events.kind = 'x' WHERE region = 'Region 1'",
    "SELECT * FROM metrics, events WHERE metrics.region = 'Region 1'",
  ])
  func columnsOfQueriesThatJoinOrChooseAreNotIndexed(other: String) {
    let onlyRegion = (0..<10).map { "SELECT * FROM metrics WHERE region = 'Region \($0)'" }
    #expect(plan(onlyRegion + [other]) == [])
  }

  @Test(arguments: [
    "SELECT rowid FROM metrics LIMIT 1", "SELECT name FROM sqlite_schema",
    "SELECT * FROM metrics NATURAL JOIN events", "SELECT * FROM pragma_index_list('metrics')",
  ])
  func someQueriesRuleOutEveryIndex(other: String) {
    #expect(plan(Self.perPage + [other]) == [])
  }

  @Test func subqueriesAndOtherTablesLeaveAnIndexAlone() {
    let queries =
      Self.perPage + [
        "SELECT sum(value) FROM metrics WHERE region = 'Region 1' AND year = 2011 AND value > "
          + "(SELECT avg(value) FROM metrics WHERE year = 2011 AND region = 'Region 1')",
        "SELECT kind, count(*) FROM events GROUP BY kind",
        "SELECT count(*) FROM metrics, (SELECT 2)",
      ]
    #expect(plan(queries) == [.init(table: "metrics", columns: ["region", "year"])])
  }

  @Test func anIndexNeverHoldsEveryColumnOfItsTable() {
    let queries = (0..<10).map {
      "SELECT count(*) FROM events WHERE kind = 'k\($0)' AND region = 'Region \($0)'"
    }
    #expect(plan(queries) == [.init(table: "events", columns: ["kind"])])
  }

  /// Every query, run on a database with the planned indexes and on one without, returns the
  /// same rows in the same order, and the indexes are used.
  @Test func indexedQueriesReturnWhatScansReturn() throws {
    let queries =
      Self.perPage + (0..<10).map { "SELECT * FROM metrics WHERE region = 'Region \($0 % 7)'" }
      + (0..<10).map {
        "SELECT category, sum(value), group_concat(id) FROM metrics WHERE region = 'Region \($0 % 7)' GROUP BY category"
      }
    let indexes = plan(queries)
    #expect(indexes == [.init(table: "metrics", columns: ["region"])])
    let plain = try SQLiteDatabase()
    let indexed = try SQLiteDatabase()
    for database in [plain, indexed] { try database.create(Self.metrics) }
    for index in indexes { try indexed.createIndex(on: index.table, columns: index.columns) }
    for sql in queries {
      #expect(try indexed.query(sql) == plain.query(sql))
    }
    let plan = try indexed.query("EXPLAIN QUERY PLAN " + queries[0]).rows
    #expect(plan.contains { $0.last.map(ValueText.plain)?.contains("USING INDEX") == true })
  }
}

@Suite struct QueryRunnerTests {
  static let pages = (1...3).map { page in
    (
      "Content/p\(page).md",
      "---\ntitle: P\(page)\nqueries:\n  total: |\n    SELECT sum(removed) FROM removals\n"
        + "  broken: |\n    SELECT removd\n    FROM removals\n---\n\nText.\n"
    )
  }

  @Test func sharedQueriesReportEachPagesErrorInItsOwnFile() {
    let result = TestSite.build(
      Dictionary(uniqueKeysWithValues: Self.pages).merging([
        "Content/data/removals.csv": "level,removed\nLevel 1,9831\nLevel 2,24805\n"
      ]) { $1 })
    #expect(
      TestSite.messages(result)
        == (1...3).map {
          "Content/p\($0).md:7:12: error: query \"broken\": no such column: removd (did you mean \"removed\"?)"
        })
  }
}
