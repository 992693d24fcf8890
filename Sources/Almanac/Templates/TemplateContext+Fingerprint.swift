/// Hashes of the parts of the context that pages share, so an incremental build can tell which
/// pages would render differently without rendering them.
///
/// Every list is made of page summaries, so each summary is hashed once and the lists combine
/// those hashes in their order.
extension TemplateContext {
  struct Fingerprints: Sendable {
    /// Each page's own entry in page lists: its title, URL, date, tags, summary and so on.
    var summaries: [ContentHash]
    /// Each facet every page sees the same way.
    var shared: [ContextFacet: ContentHash]
    /// What `section` lists on each home or section page, by route.
    var sections: [String: ContentHash]
    /// What `tag` lists on each tag page, by slug.
    var tags: [String: ContentHash]
  }

  /// - Parameters:
  ///   - previous: the fingerprints of a context that differs from this one only in the
  ///     summaries of the pages at `changed`; the other summaries' hashes are taken from it.
  func fingerprints(reusing previous: Fingerprints? = nil, changed: [Int] = []) -> Fingerprints {
    let summaries: [ContentHash]
    if let previous {
      var reused = previous.summaries
      for index in changed { reused[index] = Self.fingerprint(self.summaries[index]) }
      summaries = reused
    } else {
      summaries = Array(self.summaries.indices).parallelMap {
        Self.fingerprint(self.summaries[$0])
      }
    }
    func list(_ indices: [Int]) -> ContentHash {
      var hash = ContentHash()
      hash.combine(indices.count)
      for index in indices { hash.combine(summaries[index]) }
      return hash
    }
    let sections = sectionMemberIndices.mapValues(list)
    var tags: [String: ContentHash] = [:]
    for (slug, index) in tagPageIndices {
      var hash = list(taggedIndices[slug] ?? [])
      hash.combine(summaries[index])
      tags[slug] = hash
    }
    var shared: [ContextFacet: ContentHash] = [:]
    shared[.listedPages] = list(listedIndices)
    shared[.sections] = list(sectionIndices)
    var sectionPages = ContentHash()
    for index in sectionIndices {
      sectionPages.combine(summaries[index])
      sectionPages.combine(sections[site.pages[index].route] ?? list([]))
    }
    shared[.sectionPages] = sectionPages
    shared[.menu] = list(menuIndices)
    var allTags = ContentHash()
    for slug in tags.keys.sorted() {
      allTags.combine(slug)
      allTags.combine(tags[slug]!)
    }
    shared[.tags] = allTags
    shared[.hasTags] = Self.fingerprint(!tags.isEmpty)
    return Fingerprints(summaries: summaries, shared: shared, sections: sections, tags: tags)
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
    case let map as [String: String]:
      // Before `[String: Any]`, which would copy the map, boxing every value; hashed alike.
      hash.combine("{")
      for key in map.keys.sorted() {
        hash.combine(key)
        hash.combine("s")
        hash.combine(map[key]!)
      }
      hash.combine("}")
    case let list as [[String: String]]:
      hash.combine("[")
      for item in list { combine(item, into: &hash) }
      hash.combine("]")
    case let map as [String: Any]:
      hash.combine("{")
      for key in map.keys.sorted() {
        hash.combine(key)
        combine(map[key]!, into: &hash)
      }
      hash.combine("}")
    case let list as [[String: Any]]:
      hash.combine("[")
      for item in list { combine(item, into: &hash) }
      hash.combine("]")
    case let list as [Any]:
      hash.combine("[")
      for item in list { combine(item, into: &hash) }
      hash.combine("]")
    default:
      hash.combine(String(describing: value))
    }
  }
}
