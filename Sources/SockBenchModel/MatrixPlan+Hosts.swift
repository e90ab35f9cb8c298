import SockBenchCore

extension MatrixPlan {
    /// The plan with `hosts` applied: cells a placement cannot run (AF_UNIX across hosts, a family
    /// the server address does not have) move to `skipped` with the reason, and every remaining cell
    /// carries the placement's label in its id. Without a placement the plan is unchanged.
    public func placed(on hosts: HostPlacement?) -> MatrixPlan {
        guard let hosts else { return self }
        var plan = self
        plan.cells = []
        var skippedLabels: Set<String> = []
        for var cell in cells {
            if let reason = hosts.unsupported(cell.transport) {
                let combination = "\(cell.transport.rawValue) \(cell.pattern.rawValue) \(cell.sizeLabel)"
                if skippedLabels.insert(combination).inserted { plan.skipped.append(.init(combination: combination, reason: reason)) }
                continue
            }
            cell.hosts = hosts.cellLabel
            plan.cells.append(cell)
        }
        return plan
    }
}
