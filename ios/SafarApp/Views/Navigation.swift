import SafarCore
import SwiftUI

/// Where a screen can go.
enum Route: Hashable {
    case article(String)
    case guide(topic: String?)
    case hotlines(focus: String?)
    case services(focus: String?)
    case health, checklist, remittance, bookmarks
}

/// One navigation stack per tab; follows links from articles, search hits and help lists.
@MainActor
final class Router: ObservableObject {
    @Published var path = NavigationPath()

    func go(_ route: Route) { path.append(route) }

    func follow(_ link: Link, openURL: OpenURLAction) {
        switch link.kind {
        case "article": go(.article(link.target))
        case "hotline": go(.hotlines(focus: link.target))
        case "service": go(.services(focus: link.target))
        case "tel":
            let uri = link.target.hasPrefix("tel:") ? link.target : "tel:\(link.target)"
            if let url = URL(string: uri) { openURL(url) }
        case "web": if let url = URL(string: link.target) { openURL(url) }
        default: break // audio: not in this version; unknown kinds: shown as text only
        }
    }
}

extension View {
    /// The destinations every tab's stack can show.
    func safarDestinations() -> some View {
        navigationDestination(for: Route.self) { route in
            switch route {
            case .article(let id): ArticleView(id: id)
            case .guide(let topic): GuideView(topic: topic)
            case .hotlines(let focus): HotlinesView(focus: focus)
            case .services(let focus): ServicesView(focus: focus)
            case .health: HealthView()
            case .checklist: ChecklistView()
            case .remittance: RemittanceView()
            case .bookmarks: BookmarksView()
            }
        }
    }
}

/// A tab: its own stack and router.
struct TabStack<Root: View>: View {
    @StateObject private var router = Router()
    @ViewBuilder let root: () -> Root

    var body: some View {
        NavigationStack(path: $router.path) {
            root().safarDestinations()
        }
        .environmentObject(router)
    }
}

struct RootView: View {
    @State private var profileSet: Bool?
    @State private var openError: UIError?
    @Binding var incomingBundle: URL?
    @State private var tab = 0

    var body: some View {
        Group {
            if let openError {
                ErrorView(error: openError) { await start() }.padding()
            } else if let profileSet {
                if profileSet {
                    TabView(selection: $tab) {
                        TabStack { HomeView() }.tabItem { Label(L("nav_home"), systemImage: "house") }.tag(0)
                        TabStack { GuideView(topic: nil) }.tabItem { Label(L("nav_guide"), systemImage: "book") }.tag(1)
                        TabStack { HotlinesView(focus: nil) }.tabItem { Label(L("nav_hotlines"), systemImage: "phone") }.tag(2)
                        TabStack { SearchView() }.tabItem { Label(L("nav_search"), systemImage: "magnifyingglass") }.tag(3)
                        TabStack { SettingsView(incomingBundle: $incomingBundle) }
                            .tabItem { Label(L("nav_settings"), systemImage: "gear") }.tag(4)
                    }
                    .onChange(of: incomingBundle) { if $0 != nil { tab = 4 } }
                } else {
                    NavigationStack { OnboardingView { profileSet = true } }
                }
            } else {
                VStack(spacing: 16) {
                    ProgressView()
                    Text(L("preparing_content"))
                }
            }
        }
        .task { await start() }
    }

    /// Opens the core off the main actor (first start imports the embedded content).
    private func start() async {
        switch await Core.shared.load({ try $0.status().profileSet }) {
        case .ready(let set):
            profileSet = set
            openError = nil
        case .failed(let e): openError = e
        case .loading: break
        }
    }
}
