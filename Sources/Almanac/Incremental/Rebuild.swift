/// A page, or the feed, that an incremental build rendered again, and why.
public struct Rebuild: Sendable, Equatable {
  /// The page's URL path below the site's root (`articles/rollout/`, `/` for the home page), or
  /// an output file's path (`feed.xml`).
  public var page: String
  public var reasons: [RebuildReason]
}

/// Why a build rendered a page again; `message` words it for `almanac build --explain`.
public enum RebuildReason: Sendable, Equatable, Hashable {
  /// The previous build had no such page.
  case newPage
  /// Its output file is missing, or was changed since the previous build.
  case outputDamaged
  case fileChanged(String)
  case settingsChanged
  /// A data table the page shows, directly or through a query, changed.
  case tableChanged(String)
  /// A query's result changed, though none of the tables it reads did (its SQL changed).
  case queryChanged(String)
  /// The row of the query that generates the page changed.
  case rowChanged
  case templateChanged(String)
  /// A list of other pages the layout shows changed (`pages`, `sections`, `menu`, `tags`…).
  case listChanged(String)
  /// Its own title, date, tags, summary or URL, as page lists show them, changed.
  case summaryChanged
  /// One of the feed's entries changed, or the set of entries did.
  case feedEntriesChanged
}

/// A computed value that a rebuild changed on a published page.
public struct FigureChange: Sendable, Equatable, Codable {
  /// The page's URL path below the site's root.
  public var page: String
  /// `totals.removed` for an inline value; `chart by_year [2012] removals` for a chart's cell.
  public var label: String
  public var before: String
  public var after: String
}
