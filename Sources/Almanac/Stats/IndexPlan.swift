/// The indexes that make a build's page queries lookups instead of scans, without changing a
/// byte of what they return.
///
/// Data-driven pages often run one query with different constants, `WHERE region = 'North'
/// AND year = 2015`, and without an index each is a scan of the whole table. The catch is
/// order: rows found through an index come in the index's order, which a query without ORDER
/// BY, a floating-point `sum` or a `group_concat` would show. Rows that match an equality on
/// every column of an index come in rowid order, exactly as a scan finds them, so:
///
/// - a column is indexed only when every mention of it, in every query, compares it with a
///   constant (`column = 'text'`, `= 12`, `= :parameter`), in a query without a join, OR or
///   BETWEEN (any of which could let an index change the order rows are combined in);
/// - columns share an index only when each query compares all of them or none of them;
/// - nothing is indexed when a query names rowids, SQLite's own tables, or a NATURAL join, and
///   no index holds every column of its table (so `SELECT *` can't read the index instead).
struct IndexPlan {
  struct Index: Equatable {
    var table: String
    var columns: [String]
  }

  /// Building an index costs about as much as ten scans of its table.
  static let minimumQueries = 10

  /// The indexes worth building for `queries`, the SQL of every query still to run (once per
  /// distinct run, so a query run with different parameters counts each time).
  static func indexes(for queries: [String], tables: [DataTable]) -> [Index] {
    var analyses: [String: Analysis] = [:]
    var runs: [Analysis] = []
    for sql in queries {
      let analysis = analyses[sql] ?? Analysis(sql, tables: tables)
      guard !analysis.forbidsIndexes else { return [] }
      analyses[sql] = analysis
      runs.append(analysis)
    }
    let excluded = runs.reduce(into: Set<String>()) { $0.formUnion($1.otherMentions) }
    return tables.flatMap { table in
      let columns = table.columns.map { $0.name.lowercased() }
      // Per run, the positions of the table's columns it compares with constants.
      let compared: [Set<Int>] = runs.map { run in
        guard run.names.contains(table.name.lowercased()) else { return [] }
        return Set(
          columns.indices.filter {
            run.compared.contains(columns[$0]) && !excluded.contains(columns[$0])
          })
      }
      return choose(compared: compared, columnCount: columns.count).map { positions in
        Index(table: table.name, columns: positions.map { table.columns[$0].name })
      }
    }
  }

  /// The sets of columns (by position) to index, given the columns each run compares with
  /// constants: for each run, the widest safe index it compares every column of (then the one
  /// most runs can use, then the first in column order), kept when enough runs use it.
  private static func choose(compared: [Set<Int>], columnCount: Int) -> [[Int]] {
    // One column is always safe; several only when each run compares all of them or none.
    func isSafe(_ index: Set<Int>) -> Bool {
      guard index.count > 1 else { return true }
      return compared.allSatisfy { $0.isDisjoint(with: index) || index.isSubset(of: $0) }
    }
    var candidates: Set<Set<Int>> = []
    for set in compared {
      candidates.insert(set)
      for column in set { candidates.insert([column]) }
    }
    candidates = candidates.filter { !$0.isEmpty && $0.count < columnCount && isSafe($0) }
    var uses: [Set<Int>: Int] = [:]
    for index in candidates { uses[index] = compared.count { index.isSubset(of: $0) } }
    func isBetter(_ first: Set<Int>, than second: Set<Int>) -> Bool {
      if first.count != second.count { return first.count > second.count }
      if uses[first] != uses[second] { return uses[first]! > uses[second]! }
      return first.sorted().lexicographicallyPrecedes(second.sorted())
    }
    var counts: [Set<Int>: Int] = [:]
    for set in compared where !set.isEmpty {
      guard let best = candidates.filter({ $0.isSubset(of: set) }).min(by: isBetter) else {
        continue
      }
      counts[best, default: 0] += 1
    }
    return counts.filter { $0.value >= minimumQueries }.keys.map { $0.sorted() }
      .sorted { $0.lexicographicallyPrecedes($1) }
  }

  /// What one query's SQL says about its columns.
  private struct Analysis {
    /// Every name the query mentions (tables, columns, aliases), lowercased.
    var names: Set<String> = []
    /// Columns it compares with a constant, and columns it uses any other way.
    var compared: Set<String> = []
    var otherMentions: Set<String> = []
    var forbidsIndexes = false

    init(_ sql: String, tables: [DataTable]) {
      let tokens = SQLToken.tokens(in: sql)
      let columns = Set(tables.flatMap { $0.columns.map { $0.name.lowercased() } })
      forbidsIndexes = tokens.contains { token in
        token.isName
          && (["rowid", "oid", "_rowid_", "natural"].contains(token.text)
            || token.text.hasPrefix("sqlite_") || token.text.hasPrefix("pragma_"))
      }
      let mayCompare = !Self.joinsOrAlternates(tokens)
      for (position, token) in tokens.enumerated() where token.isName {
        names.insert(token.text)
        guard columns.contains(token.text) else { continue }
        let next = position + 1 < tokens.count ? tokens[position + 1] : nil
        // A function's name, or the table or alias before a column's.
        if next?.kind == .symbol, next?.text == "(" || next?.text == "." { continue }
        if mayCompare && Self.isComparedWithConstant(tokens, at: position) {
          compared.insert(token.text)
        } else {
          otherMentions.insert(token.text)
        }
      }
    }

    /// Whether the query may join tables (JOIN, or a comma between FROM's tables) or choose
    /// between conditions (OR, or BETWEEN, whose AND looks like a condition's).
    private static func joinsOrAlternates(_ tokens: [SQLToken]) -> Bool {
      var depth = 0
      // The parenthesis depths at which a FROM clause is open.
      var fromDepths: Set<Int> = []
      for token in tokens {
        if token.isWord("join") || token.isWord("or") || token.isWord("between") { return true }
        switch (token.kind, token.text) {
        case (.symbol, "("):
          depth += 1
        case (.symbol, ")"):
          fromDepths.remove(depth)
          depth -= 1
        case (.symbol, ","):
          if fromDepths.contains(depth) { return true }
        case (.word, "from"):
          fromDepths.insert(depth)
        case (.word, let word) where clauseWords.contains(word):
          fromDepths.remove(depth)
        default:
          break
        }
      }
      return false
    }

    private static let clauseWords: Set<String> = [
      "where", "group", "order", "limit", "having", "window", "union", "except", "intersect",
    ]

    /// Words after which a comparison stands on its own: it can't be an operand of an operator
    /// that binds more tightly than `=`.
    private static let wordsBefore: Set<String> = ["where", "and", "on", "having"]
    /// Words that may follow a comparison that stands on its own.
    private static let wordsAfter: Set<String> = [
      "and", "group", "order", "limit", "having", "window", "union", "except", "intersect",
    ]

    /// Whether the name at `position` (a column, perhaps after `table.`) is one side of
    /// `name = constant` or `constant = name`, standing on its own.
    private static func isComparedWithConstant(_ tokens: [SQLToken], at position: Int) -> Bool {
      func token(_ index: Int) -> SQLToken? { tokens.indices.contains(index) ? tokens[index] : nil }
      func isSymbol(_ index: Int, _ texts: Set<String>) -> Bool {
        token(index).map { $0.kind == .symbol && texts.contains($0.text) } ?? false
      }
      func isBoundaryBefore(_ index: Int) -> Bool {
        guard let before = token(index) else { return index < 0 }
        return (before.kind == .word && wordsBefore.contains(before.text)) || isSymbol(index, ["("])
      }
      func isBoundaryAfter(_ index: Int) -> Bool {
        guard let after = token(index) else { return index >= tokens.count }
        return (after.kind == .word && wordsAfter.contains(after.text))
          || isSymbol(index, [")", ";"])
      }
      func isConstant(_ index: Int) -> Bool {
        token(index).map { $0.kind == .literal || $0.kind == .parameter } ?? false
      }
      let equals: Set<String> = ["=", "=="]
      let start =
        isSymbol(position - 1, ["."]) && token(position - 2)?.isName == true
        ? position - 2 : position
      // name = [sign] constant
      if isSymbol(position + 1, equals) {
        let signed = isSymbol(position + 2, ["-", "+"])
        let end = position + (signed ? 3 : 2)
        return isConstant(end) && isBoundaryBefore(start - 1) && isBoundaryAfter(end + 1)
      }
      // [sign] constant = name
      guard isSymbol(start - 1, equals), isConstant(start - 2) else { return false }
      let constantStart = isSymbol(start - 3, ["-", "+"]) ? start - 3 : start - 2
      return isBoundaryBefore(constantStart - 1) && isBoundaryAfter(position + 1)
    }
  }
}
