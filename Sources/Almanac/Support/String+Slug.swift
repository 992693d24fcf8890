extension String {
  /// A URL- and id-safe form of this text: lowercase letters and digits joined by single hyphens.
  ///
  /// Letters outside ASCII are kept (lowercased) so that headings in other languages still get
  /// readable ids; punctuation and symbols are dropped. Returns an empty string when nothing is left.
  var slugified: String {
    var slug = ""
    var pendingHyphen = false
    for character in lowercased() {
      if character.isLetter || character.isNumber {
        if pendingHyphen && !slug.isEmpty { slug.append("-") }
        pendingHyphen = false
        slug.append(character)
      } else if character.isWhitespace || character == "-" || character == "_" {
        pendingHyphen = true
      }
    }
    return slug
  }
}

/// Hands out unique slugs within one scope (one page's heading ids, the site's tag URLs), adding
/// `-1`, `-2`, … to repeats in the order they are asked for, as GitHub does for headings.
struct SlugRegistry {
  private var used: Set<String> = []
  private let fallback: String

  init(fallback: String) {
    self.fallback = fallback
  }

  mutating func claim(_ text: String) -> String {
    let base = text.slugified.isEmpty ? fallback : text.slugified
    var candidate = base
    var suffix = 1
    while used.contains(candidate) {
      candidate = "\(base)-\(suffix)"
      suffix += 1
    }
    used.insert(candidate)
    return candidate
  }
}
