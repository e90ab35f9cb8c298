import SockBenchStore

extension Baselines {
    /// `baseline list`'s table: name, date measured, host and cells, or why a baseline is unreadable.
    public static func table(_ listings: [Listing]) -> String {
        let rows = listings.map { listing in
            [listing.name, listing.measuredAt ?? "-", listing.host ?? "-", listing.problem.map { "unreadable: \($0)" } ?? String(listing.cells)]
        }
        return SummaryTable.align([["name", "measured", "host", "cells"]] + rows)
    }
}
