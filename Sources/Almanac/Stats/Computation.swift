import Foundation

/// COMPUTE: loads every data table into one in-memory SQLite database (`database(holding:)`,
/// while the pages load), runs every query once (site-wide queries once per build, page queries
/// once per page), and expands `generate:` pages into one page per row.
struct Computation: Sendable {
  /// What one page can see: the results of its own and the site-wide queries, by name.
  struct PageData: Sendable {
    var results: [String: SQLiteDatabase.Result] = [:]
    /// The names in `results` whose result is a site-wide query's, the same for every page, so
    /// what is made of it can be made once per build.
    var siteWideNames: Set<String> = []
  }

  var tables: [String: DataTable] = [:]
  var siteWide: [String: SQLiteDatabase.Result] = [:]
  /// Per page, by route.
  var pages: [String: PageData] = [:]

  static let rowName = "row"

  /// A new in-memory database holding `tables`, or nil (with an error) when SQLite can't open
  /// one. A table that can't be loaded into it is reported and left out.
  ///
  /// It can be made on another thread while the pages load, then handed to `run`.
  static func database(holding tables: [DataTable], diagnostics: inout [Diagnostic])
    -> SQLiteDatabase?
  {
    do {
      let database = try SQLiteDatabase()
      for table in tables {
        do {
          try database.create(table)
        } catch {
          diagnostics.append(
            .tableLoadFailed(
              table.name, message: error.message, at: SourceLocation(file: table.sourcePath)))
        }
      }
      return database
    } catch {
      diagnostics.append(.tableLoadFailed("(database)", message: error.message, at: nil))
      return nil
    }
  }

  /// Runs the stage over `database`, which holds `tables`. Generated pages are added to `site`,
  /// replacing the pages that describe them.
  static func run(
    site: inout Site, tables: [DataTable], database: SQLiteDatabase?, queries: [Query],
    diagnostics: inout [Diagnostic]
  ) -> Computation {
    var computation = Computation()
    for table in tables { computation.tables[table.name] = table }
    guard let database else { return computation }
    var runner = QueryRunner(database: database, tables: tables)
    for query in queries {
      if let result = runner.run(query, parameters: [:], diagnostics: &diagnostics) {
        computation.siteWide[query.name] = result
      }
    }

    var pages: [Page] = []
    for page in site.pages {
      guard let generator = page.frontMatter.generator else {
        pages.append(page)
        continue
      }
      pages += computation.expand(
        page, generator: generator, runner: &runner, site: &site, diagnostics: &diagnostics)
    }
    site.pages = pages

    runner.addIndexes(forQueriesOf: site.pages)
    for page in site.pages where !page.frontMatter.queries.isEmpty || page.row != nil {
      var data = PageData()
      let parameters = page.row ?? [:]
      for query in page.frontMatter.queries {
        guard let result = runner.run(query, parameters: parameters, diagnostics: &diagnostics)
        else { continue }
        data.results[query.name] = result
      }
      computation.pages[page.route] = data
    }
    return computation
  }

  /// What `page` can refer to: its own queries, the site-wide ones, and its generating row.
  func data(for page: Page) -> PageData {
    var data = pages[page.route] ?? PageData()
    for (name, result) in siteWide where data.results[name] == nil {
      data.results[name] = result
      data.siteWideNames.insert(name)
    }
    if let row = page.row {
      let columns = row.keys.sorted()
      data.results[Self.rowName] = SQLiteDatabase.Result(
        columns: columns, rows: [columns.map { row[$0]! }], tablesRead: [])
    }
    return data
  }

  private func expand(
    _ page: Page, generator: PageGenerator, runner: inout QueryRunner, site: inout Site,
    diagnostics: inout [Diagnostic]
  ) -> [Page] {
    let query = page.frontMatter.queries.first { $0.name == generator.query }
    let result: SQLiteDatabase.Result?
    if let query {
      result = runner.run(query, parameters: [:], diagnostics: &diagnostics)
    } else if let siteWideResult = siteWide[generator.query] {
      result = siteWideResult
    } else {
      let known = (page.frontMatter.queries.map(\.name) + siteWide.keys).sorted()
      diagnostics.append(
        .unknownQuery(
          generator.query, suggestion: generator.query.closestMatch(in: known), known: known,
          at: generator.location))
      return []
    }
    guard let result else { return [] }
    // Generated pages sit beside the page that describes them.
    var parent = page.route
    if page.kind == .page {
      let withoutSlash = page.route.dropLast()
      parent = withoutSlash.lastIndex(of: "/").map { String(withoutSlash[...$0]) } ?? ""
    }
    var generated: [Page] = []
    for (index, values) in result.rows.enumerated() {
      let row = Dictionary(zip(result.columns, values), uniquingKeysWith: { first, _ in first })
      var fills: [(String, (text: String, unknown: [String]))] = [
        ("slug", PageGenerator.fill(generator.slug, with: row))
      ]
      if let title = page.frontMatter.title {
        fills.append(("title", PageGenerator.fill(title, with: row)))
      }
      if let summary = page.frontMatter.summary {
        fills.append(("summary", PageGenerator.fill(summary, with: row)))
      }
      let unknown = fills.flatMap(\.1.unknown)
      guard unknown.isEmpty else {
        diagnostics.append(
          .generatorPlaceholder(unknown, known: result.columns, at: generator.location))
        return generated
      }
      let slug = fills[0].1.text.slugified
      guard !slug.isEmpty else {
        diagnostics.append(.emptyGeneratedSlug(row: index + 1, at: generator.location))
        continue
      }
      var made = page
      made.kind = .page
      made.route = parent + slug + "/"
      made.row = row
      made.frontMatter.generator = nil
      made.frontMatter.queries.removeAll { $0.name == generator.query }
      for (key, fill) in fills.dropFirst() {
        if key == "title" { made.title = fill.text } else { made.frontMatter.summary = fill.text }
      }
      if site.claim(made.outputPath, by: page.sourcePath ?? made.route, diagnostics: &diagnostics) {
        generated.append(made)
      }
    }
    return generated
  }
}

/// Runs queries against the database and turns SQLite's errors into located diagnostics.
///
/// A query is run once for each SQL text and set of parameters, however many pages share it:
/// the tables don't change, so neither does its result. Each page still gets its own error,
/// located in its own file.
struct QueryRunner {
  let database: SQLiteDatabase
  let tables: [DataTable]
  let tableNames: [String]
  let columnNames: [String]
  private var outcomes: [Run: Result<SQLiteDatabase.Result, SQLiteDatabase.Failure>] = [:]

  private struct Run: Hashable {
    var sql: String
    var parameters: [String: DataValue]
  }

  init(database: SQLiteDatabase, tables: [DataTable]) {
    self.database = database
    self.tables = tables
    tableNames = tables.map(\.name).sorted()
    columnNames = Array(Set(tables.flatMap { $0.columns.map(\.name) })).sorted()
  }

  mutating func run(
    _ query: Query, parameters: [String: DataValue], diagnostics: inout [Diagnostic]
  ) -> SQLiteDatabase.Result? {
    let run = Run(sql: query.sql, parameters: parameters)
    let outcome =
      outcomes[run]
      ?? Result { () throws(SQLiteDatabase.Failure) in
        try database.query(query.sql, parameters: parameters)
      }
    outcomes[run] = outcome
    switch outcome {
    case .success(let result):
      return result
    case .failure(let error):
      diagnostics.append(
        .queryFailed(
          query.name, message: error.message, suggestion: suggestion(for: error.message),
          at: query.location(
            ofOffset: error.offset ?? offset(ofNameIn: error.message, sql: query.sql))))
      return nil
    }
  }

  /// Indexes the tables for the queries of `pages`, which are about to run, when enough of them
  /// compare the same columns with constants (see `IndexPlan`).
  func addIndexes(forQueriesOf pages: [Page]) {
    var runs: Set<Run> = []
    var queries: [String] = []
    for page in pages {
      for query in page.frontMatter.queries {
        let run = Run(sql: query.sql, parameters: page.row ?? [:])
        if outcomes[run] == nil && runs.insert(run).inserted { queries.append(query.sql) }
      }
    }
    for index in IndexPlan.indexes(for: queries, tables: tables) {
      // An index only makes queries faster; they return the same without it.
      try? database.createIndex(on: index.table, columns: index.columns)
    }
  }

  /// SQLite doesn't always say where an unknown name is; find it in the SQL instead.
  private func offset(ofNameIn message: String, sql: String) -> Int? {
    guard let colon = message.range(of: ": "), message.hasPrefix("no such") else { return nil }
    let name = message[colon.upperBound...]
    var searchStart = sql.startIndex
    while let range = sql.range(
      of: name, options: .caseInsensitive, range: searchStart..<sql.endIndex)
    {
      let before =
        range.lowerBound == sql.startIndex ? nil : sql[sql.index(before: range.lowerBound)]
      let after = range.upperBound == sql.endIndex ? nil : sql[range.upperBound]
      let isWordEdge = { (character: Character?) in
        character.map { !($0.isLetter || $0.isNumber || $0 == "_") } ?? true
      }
      if isWordEdge(before) && isWordEdge(after) {
        return sql.utf8.distance(from: sql.startIndex, to: range.lowerBound)
      }
      searchStart = range.upperBound
    }
    return nil
  }

  /// A close name for SQLite's "no such table/column/function" errors.
  private func suggestion(for message: String) -> String? {
    let candidates: [(String, [String])] = [
      ("no such table: ", tableNames), ("no such column: ", columnNames),
      (
        "no such function: ",
        [
          "median", "percentile", "variance", "stddev", "count", "sum", "avg", "min", "max",
          "round",
        ]
      ),
    ]
    for (prefix, names) in candidates where message.hasPrefix(prefix) {
      let name = String(message.dropFirst(prefix.count))
      let unqualified = name.split(separator: ".").last.map(String.init) ?? name
      return unqualified.closestMatch(in: names)
    }
    return nil
  }
}
