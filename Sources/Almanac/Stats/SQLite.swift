import CSQLite
import Foundation

/// The one place that talks to SQLite: an in-memory database holding the site's tables. No
/// SQLite pointer leaves this file, and everything opened here is closed here.
///
/// Queries are sandboxed: an authorizer allows only reading (no `ATTACH`, no writes, no
/// `load_extension`), a progress handler stops queries that run too long, and results are capped
/// at `Limits.rows` rows.
///
/// One thread uses it at a time: it may be filled on one thread and queried on another after.
final class SQLiteDatabase: @unchecked Sendable {
  struct Failure: Error, Equatable {
    var message: String
    /// The byte offset in the SQL text where SQLite found the problem, when it knows.
    var offset: Int?
  }

  struct Limits: Sendable {
    var seconds: Double = 10
    var rows = 100_000
  }

  /// What a query returned, and which tables it read (for provenance and rebuilds).
  struct Result: Sendable, Equatable {
    var columns: [String]
    var rows: [[DataValue]]
    var tablesRead: Set<String>
  }

  private let handle: OpaquePointer
  private let sandbox = Sandbox()
  private var indexCount = 0

  init() throws(Failure) {
    var database: OpaquePointer?
    let status = sqlite3_open_v2(
      ":memory:", &database, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
    guard status == SQLITE_OK, let database else {
      if let database { sqlite3_close_v2(database) }
      throw Failure(message: "cannot open an in-memory database (SQLite error \(status))")
    }
    handle = database
    Aggregate.registerAll(in: database)
  }

  deinit {
    sqlite3_close_v2(handle)
  }

  /// Creates a table and loads its rows in one transaction. Call before running any query.
  func create(_ table: DataTable) throws(Failure) {
    let columns = table.columns.map { "\(Self.quoted($0.name)) \(Self.declaredType($0.type))" }
    try execute("CREATE TABLE \(Self.quoted(table.name)) (\(columns.joined(separator: ", ")))")
    let placeholders = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
    try execute("BEGIN")
    do throws(Failure) {
      let statement = try prepare(
        "INSERT INTO \(Self.quoted(table.name)) VALUES (\(placeholders))")
      defer { sqlite3_finalize(statement) }
      for row in table.rows {
        guard insert(row, from: 0, with: statement) else { throw failure() }
      }
      try execute("COMMIT")
    } catch {
      // Left open, the transaction would make every later table fail to load too.
      try? execute("ROLLBACK")
      throw error
    }
  }

  /// Indexes `columns` of `table`, for queries that compare them with constants; see
  /// `IndexPlan` for why that leaves every result as it was.
  func createIndex(on table: String, columns: [String]) throws(Failure) {
    indexCount += 1
    let name = Self.quoted("almanac index \(indexCount)")
    try execute(
      "CREATE INDEX \(name) ON \(Self.quoted(table)) (\(columns.map(Self.quoted).joined(separator: ", ")))"
    )
  }

  /// Runs a read-only query with named parameters (`:state_fips`).
  func query(_ sql: String, parameters: [String: DataValue] = [:], limits: Limits = Limits())
    throws(Failure)
    -> Result
  {
    sandbox.begin(deadline: Date().addingTimeInterval(limits.seconds))
    sqlite3_set_authorizer(handle, Sandbox.authorize, Unmanaged.passUnretained(sandbox).toOpaque())
    sqlite3_progress_handler(
      handle, 10_000, Sandbox.checkDeadline, Unmanaged.passUnretained(sandbox).toOpaque())
    defer {
      sqlite3_set_authorizer(handle, nil, nil)
      sqlite3_progress_handler(handle, 0, nil, nil)
    }
    let statement: OpaquePointer
    do {
      statement = try prepare(sql)
    } catch {
      if let denied = sandbox.denied { throw Failure(message: denied) }
      throw error
    }
    defer { sqlite3_finalize(statement) }
    let tablesRead = sandbox.tablesRead
    guard sqlite3_stmt_readonly(statement) != 0 else {
      throw Failure(message: "queries may only read data (use SELECT or WITH)")
    }
    for index in 0..<sqlite3_bind_parameter_count(statement) {
      let position = index + 1
      let name = sqlite3_bind_parameter_name(statement, position).map { String(cString: $0) } ?? "?"
      guard let value = parameters[String(name.dropFirst())],
        name.hasPrefix(":") || name.hasPrefix("$") || name.hasPrefix("@")
      else {
        let known = parameters.keys.sorted().map { ":" + $0 }
        let listing =
          known.isEmpty ? "this page has no parameters" : "known: " + known.joined(separator: ", ")
        throw Failure(message: "unknown parameter \(name) (\(listing))")
      }
      bind(value, to: position, in: statement)
    }
    let columnCount = sqlite3_column_count(statement)
    let columns = (0..<columnCount).map { String(cString: sqlite3_column_name(statement, $0)) }
    var rows: [[DataValue]] = []
    while true {
      let status = sqlite3_step(statement)
      if status == SQLITE_DONE { break }
      guard status == SQLITE_ROW else {
        if status == SQLITE_INTERRUPT {
          throw Failure(
            message:
              "query stopped after \(Int(limits.seconds)) seconds; make it cheaper or add a WHERE clause"
          )
        }
        throw failure()
      }
      guard rows.count < limits.rows else {
        throw Failure(
          message:
            "query returned more than \(limits.rows) rows; add a LIMIT or aggregate with GROUP BY")
      }
      rows.append((0..<columnCount).map { value(at: $0, in: statement) })
    }
    return Result(columns: columns, rows: rows, tablesRead: tablesRead)
  }

  private func execute(_ sql: String) throws(Failure) {
    guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw failure() }
  }

  private func prepare(_ sql: String) throws(Failure) -> OpaquePointer {
    var statement: OpaquePointer?
    let status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
    guard status == SQLITE_OK, let statement else {
      if let statement { sqlite3_finalize(statement) }
      if status == SQLITE_OK {
        throw Failure(message: "the query is empty; write a SELECT statement")
      }
      throw failure()
    }
    return statement
  }

  private func failure() -> Failure {
    let offset = sqlite3_error_offset(handle)
    return Failure(
      message: String(cString: sqlite3_errmsg(handle)), offset: offset >= 0 ? Int(offset) : nil)
  }

  /// Binds `row[column...]` to the insert `statement` and runs it: whether the row went in.
  ///
  /// Text is lent to SQLite rather than copied (a copy and a free for every text value were a
  /// third of loading a table), so each text is bound inside the closure that lends its bytes,
  /// and the row is inserted from the innermost one, before any of them returns.
  private func insert(_ row: [DataValue], from column: Int, with statement: OpaquePointer) -> Bool {
    guard column < row.count else {
      defer { sqlite3_reset(statement) }
      return sqlite3_step(statement) == SQLITE_DONE
    }
    let position = Int32(column + 1)
    switch row[column] {
    case .date(var text), .text(var text):
      return text.withUTF8 { bytes in
        guard let start = bytes.baseAddress else {
          // SQLite reads a null pointer as NULL, not as empty text.
          bind(row[column], to: position, in: statement)
          return insert(row, from: column + 1, with: statement)
        }
        return start.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
          // No destructor (SQLITE_STATIC): SQLite reads the bytes where they are.
          sqlite3_bind_text(statement, position, $0, Int32(bytes.count), nil)
          return insert(row, from: column + 1, with: statement)
        }
      }
    default:
      bind(row[column], to: position, in: statement)
      return insert(row, from: column + 1, with: statement)
    }
  }

  private func bind(_ value: DataValue, to position: Int32, in statement: OpaquePointer) {
    switch value {
    case .null: sqlite3_bind_null(statement, position)
    case .integer(let number): sqlite3_bind_int64(statement, position, number)
    case .decimal(let number): sqlite3_bind_double(statement, position, number)
    case .boolean(let flag): sqlite3_bind_int64(statement, position, flag ? 1 : 0)
    case .date(let text), .text(let text):
      // Given the bytes and their length, SQLite copies the text without a C string made first.
      let bound = text.utf8.withContiguousStorageIfAvailable { bytes in
        bytes.withMemoryRebound(to: CChar.self) { characters in
          characters.baseAddress.map {
            sqlite3_bind_text(statement, position, $0, Int32(characters.count), Self.transient)
          }
        }
      }
      if (bound ?? nil) == nil {
        sqlite3_bind_text(statement, position, text, -1, Self.transient)
      }
    }
  }

  private func value(at column: Int32, in statement: OpaquePointer) -> DataValue {
    let declared = sqlite3_column_decltype(statement, column).map { String(cString: $0) }
    switch sqlite3_column_type(statement, column) {
    case SQLITE_NULL:
      return .null
    case SQLITE_INTEGER:
      let number = sqlite3_column_int64(statement, column)
      return declared == "BOOLEAN" ? .boolean(number != 0) : .integer(number)
    case SQLITE_FLOAT:
      return .decimal(sqlite3_column_double(statement, column))
    default:
      let text = sqlite3_column_text(statement, column).map { String(cString: $0) } ?? ""
      // Computed columns (`min(date)`) lose their declared type; ISO dates are dates anyway,
      // as they are when a data file is loaded.
      let isDate = declared == "DATE" || (declared == nil && ColumnType.date.parse(text) != nil)
      return isDate ? .date(text) : .text(text)
    }
  }

  private static func declaredType(_ type: ColumnType) -> String {
    switch type {
    case .integer: return "INTEGER"
    case .decimal: return "REAL"
    case .boolean: return "BOOLEAN"
    case .date: return "DATE"
    case .text: return "TEXT"
    }
  }

  private static func quoted(_ identifier: String) -> String {
    "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// SQLite copies bound text when given this destructor; the header's macro doesn't import.
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// State shared with SQLite's C callbacks while one query is prepared and run.
private final class Sandbox {
  var tablesRead: Set<String> = []
  var denied: String?
  var deadline = Date.distantFuture

  func begin(deadline: Date) {
    tablesRead = []
    denied = nil
    self.deadline = deadline
  }

  /// Allows reading tables and calling functions; denies everything else, including ATTACH,
  /// writes, PRAGMA and `load_extension`.
  static let authorize:
    @convention(c) (
      UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
      UnsafePointer<CChar>?,
      UnsafePointer<CChar>?
    ) -> Int32 = { context, action, first, second, _, _ in
      guard let context else { return SQLITE_DENY }
      let sandbox = Unmanaged<Sandbox>.fromOpaque(context).takeUnretainedValue()
      switch action {
      case SQLITE_SELECT, SQLITE_RECURSIVE:
        return SQLITE_OK
      case SQLITE_READ:
        if let table = first.map({ String(cString: $0) }) { sandbox.tablesRead.insert(table) }
        return SQLITE_OK
      case SQLITE_FUNCTION:
        let name = second.map { String(cString: $0) }?.lowercased() ?? ""
        guard name != "load_extension" else {
          sandbox.denied = "load_extension is not allowed; queries can only read the site's tables"
          return SQLITE_DENY
        }
        return SQLITE_OK
      case SQLITE_ATTACH, SQLITE_DETACH:
        sandbox.denied = "ATTACH is not allowed; put the data in Content/data/ instead"
        return SQLITE_DENY
      default:
        sandbox.denied = "queries may only read data (use SELECT or WITH)"
        return SQLITE_DENY
      }
    }

  static let checkDeadline: @convention(c) (UnsafeMutableRawPointer?) -> Int32 = { context in
    guard let context else { return 0 }
    return Date() > Unmanaged<Sandbox>.fromOpaque(context).takeUnretainedValue().deadline ? 1 : 0
  }
}

/// The aggregates analysts expect that SQLite lacks: `median(x)`, `percentile(x, p)` with p
/// from 0 to 100 (as in SQLite's own percentile extension, interpolating linearly), and the
/// sample `variance(x)` and `stddev(x)`. NULLs are skipped; no values give NULL.
private enum Aggregate: Int {
  case median = 1
  case percentile
  case variance
  case stddev

  static func registerAll(in database: OpaquePointer) {
    for aggregate in [Aggregate.median, .percentile, .variance, .stddev] {
      sqlite3_create_function_v2(
        database, "\(aggregate)", aggregate == .percentile ? 2 : 1,
        SQLITE_UTF8 | SQLITE_DETERMINISTIC,
        UnsafeMutableRawPointer(bitPattern: aggregate.rawValue), nil, step, final, nil)
    }
  }

  /// The values collected for one group.
  final class Values {
    var numbers: [Double] = []
    var fraction: Double?
  }

  static let step:
    @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = {
      context, count, arguments in
      guard let context, let arguments,
        let slot = sqlite3_aggregate_context(
          context, Int32(MemoryLayout<UnsafeMutableRawPointer>.size))?
          .assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
      else { return }
      if slot.pointee == nil { slot.pointee = Unmanaged.passRetained(Values()).toOpaque() }
      let values = Unmanaged<Values>.fromOpaque(slot.pointee!).takeUnretainedValue()
      if count == 2, values.fraction == nil, sqlite3_value_type(arguments[1]) != SQLITE_NULL {
        values.fraction = sqlite3_value_double(arguments[1])
      }
      let type = sqlite3_value_type(arguments[0])
      if type == SQLITE_INTEGER || type == SQLITE_FLOAT {
        values.numbers.append(sqlite3_value_double(arguments[0]))
      }
    }

  static let final: @convention(c) (OpaquePointer?) -> Void = { context in
    guard let context else { return }
    guard
      let slot = sqlite3_aggregate_context(context, 0)?.assumingMemoryBound(
        to: UnsafeMutableRawPointer?.self),
      let pointer = slot.pointee
    else {
      sqlite3_result_null(context)
      return
    }
    let values = Unmanaged<Values>.fromOpaque(pointer).takeRetainedValue()
    slot.pointee = nil
    guard let kind = Aggregate(rawValue: Int(bitPattern: sqlite3_user_data(context))) else {
      return
    }
    if kind == .percentile, let fraction = values.fraction, !(0...100).contains(fraction) {
      sqlite3_result_error(context, "percentile(x, p) needs p between 0 and 100", -1)
      return
    }
    if let result = kind.compute(values) {
      sqlite3_result_double(context, result)
    } else {
      sqlite3_result_null(context)
    }
  }

  func compute(_ values: Values) -> Double? {
    let numbers = values.numbers
    switch self {
    case .median:
      return Statistics.percentile(numbers, 50)
    case .percentile:
      return values.fraction.flatMap { Statistics.percentile(numbers, $0) }
    case .variance:
      return Statistics.sampleVariance(numbers)
    case .stddev:
      return Statistics.sampleVariance(numbers).map { $0.squareRoot() }
    }
  }
}
