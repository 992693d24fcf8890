extension String {
  /// The candidate closest to this string, for "did you mean" hints, or nil when none is close.
  ///
  /// A candidate counts as close when its edit distance is at most a third of its length (and at
  /// least 1), which catches typos and transpositions without suggesting unrelated names.
  func closestMatch(in candidates: some Sequence<String>) -> String? {
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
      let distance = editDistance(to: candidate)
      let limit = Swift.max(1, candidate.count / 3)
      guard distance <= limit else { continue }
      if best == nil || distance < best!.distance
        || (distance == best!.distance && candidate < best!.candidate)
      {
        best = (candidate, distance)
      }
    }
    return best?.candidate
  }

  /// Levenshtein distance, counting an adjacent transposition as one edit.
  func editDistance(to other: String) -> Int {
    let source = Array(lowercased())
    let target = Array(other.lowercased())
    if source.isEmpty { return target.count }
    if target.isEmpty { return source.count }
    var previousPrevious = [Int](repeating: 0, count: target.count + 1)
    var previous = Array(0...target.count)
    var current = [Int](repeating: 0, count: target.count + 1)
    for i in 1...source.count {
      current[0] = i
      for j in 1...target.count {
        let cost = source[i - 1] == target[j - 1] ? 0 : 1
        current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, source[i - 1] == target[j - 2], source[i - 2] == target[j - 1] {
          current[j] = Swift.min(current[j], previousPrevious[j - 2] + 1)
        }
      }
      (previousPrevious, previous, current) = (previous, current, previousPrevious)
    }
    return previous[target.count]
  }
}
