/// Hashes of the parts of the context that pages share, so an incremental build can tell which
/// pages would render differently without rendering them.
extension TemplateContext {
  /// The hash of each facet every page sees the same way.
  func sharedFacetHashes() -> [ContextFacet: ContentHash] {
    var hashes: [ContextFacet: ContentHash] = [:]
    hashes[.listedPages] = Self.fingerprint(listedPages)
    hashes[.sections] = Self.fingerprint(
      navigation.sections.map { route, entry in
        [route, entry.filter { !Self.sectionListingKeys.contains($0.key) }] as [Any]
      })
    hashes[.sectionPages] = Self.fingerprint(
      navigation.sections.map { route, entry in [route, entry] as [Any] })
    hashes[.menu] = Self.fingerprint(
      navigation.menu.map { route, entry in [route, entry] as [Any] })
    hashes[.tags] = Self.fingerprint(siteContext["tags"] ?? [Any]())
    hashes[.hasTags] = Self.fingerprint(siteContext["has_tags"] ?? false)
    return hashes
  }

  /// The page's own entry in page lists: its title, URL, date, tags, summary and so on.
  func summaryHash(ofPageAt index: Int) -> ContentHash {
    Self.fingerprint(summaries[index])
  }

  /// What `section` lists on a home or section page.
  func sectionHash(route: String) -> ContentHash {
    Self.fingerprint(sectionMembers[route] ?? [])
  }

  /// What `tag` lists on a tag page.
  func tagHash(slug: String) -> ContentHash {
    Self.fingerprint(tags[slug] ?? [:])
  }

  /// The keys `site.sections` adds to each entry to list the section's pages.
  static let sectionListingKeys: Set<String> = ["pages", "preview", "count", "has_more"]

  /// A hash of a context value: maps in key order, so equal values always hash alike.
  static func fingerprint(_ value: Any) -> ContentHash {
    var hash = ContentHash()
    combine(value, into: &hash)
    return hash
  }

  private static func combine(_ value: Any, into hash: inout ContentHash) {
    switch value {
    case let text as String:
      hash.combine("s")
      hash.combine(text)
    case let flag as Bool:
      hash.combine(flag ? "t" : "f")
    case let number as Int:
      hash.combine("i")
      hash.combine(number)
    case let number as Double:
      hash.combine("d")
      hash.combine(number.description)
    case let map as [String: Any]:
      hash.combine("{")
      for key in map.keys.sorted() {
        hash.combine(key)
        combine(map[key]!, into: &hash)
      }
      hash.combine("}")
    case let list as [Any]:
      hash.combine("[")
      for item in list { combine(item, into: &hash) }
      hash.combine("]")
    default:
      hash.combine(String(describing: value))
    }
  }
}
