import BackgroundTasks
import Network
import SafarCore
import SwiftUI

@main
struct SafarMain: App {
    @UIApplicationDelegateAdaptor(AppDelegate.self) private var delegate
    @State private var incomingBundle: URL?

    var body: some Scene {
        WindowGroup {
            RootView(incomingBundle: $incomingBundle)
                .environmentObject(BackgroundRefresh.shared.sync)
                // A .safar file opened with the app (Files, AirDrop, a messenger's "Open in").
                .onOpenURL { url in if url.isFileURL { incomingBundle = url } }
        }
    }
}

final class AppDelegate: NSObject, UIApplicationDelegate {
    func application(
        _ application: UIApplication, didFinishLaunchingWithOptions options: [UIApplication.LaunchOptionsKey: Any]? = nil
    ) -> Bool {
        BackgroundRefresh.shared.register()
        BackgroundRefresh.shared.schedule()
        return true
    }
}

/// Daily content update with BGAppRefreshTask. iOS decides when it runs; with "Wi-Fi only" on,
/// the task does nothing on an expensive (cellular) or constrained (Low Data Mode) network.
@MainActor
final class BackgroundRefresh {
    static let shared = BackgroundRefresh()
    static let taskId = "org.safar.app.refresh"
    let sync = SyncModel()

    nonisolated func register() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: Self.taskId, using: nil) { task in
            Task { @MainActor in BackgroundRefresh.shared.run(task as! BGAppRefreshTask) }
        }
    }

    nonisolated func schedule() {
        let request = BGAppRefreshTaskRequest(identifier: Self.taskId)
        request.earliestBeginDate = Date(timeIntervalSinceNow: 24 * 60 * 60)
        try? BGTaskScheduler.shared.submit(request)
    }

    private func run(_ task: BGAppRefreshTask) {
        schedule()
        let work = Task { @MainActor in
            let allowed = await Self.networkAllowed(wifiOnly: Preferences.wifiOnly)
            let ok = allowed ? await sync.sync() : true
            task.setTaskCompleted(success: ok)
        }
        task.expirationHandler = { [sync] in
            Task { @MainActor in sync.cancel() }
            work.cancel()
        }
    }

    /// The current network, as the system describes it, against the user's Wi-Fi-only choice.
    private static func networkAllowed(wifiOnly: Bool) async -> Bool {
        await withCheckedContinuation { continuation in
            let monitor = NWPathMonitor()
            let answered = Flag()
            monitor.pathUpdateHandler = { path in
                guard answered.setOnce() else { return }
                monitor.cancel()
                let usable = path.status == .satisfied
                continuation.resume(returning: usable && !(wifiOnly && (path.isExpensive || path.isConstrained)))
            }
            monitor.start(queue: DispatchQueue(label: "org.safar.network-check"))
        }
    }
}

/// Set once, from the network monitor's queue: the first path update answers, later ones do not.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false

    func setOnce() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if set { return false }
        set = true
        return true
    }
}
