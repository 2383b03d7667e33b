import SafarCore
import SwiftUI

/// Links inside text go through the app: `safar-link://<kind>/<target>`.
enum LinkURL {
    static func make(_ link: Link) -> URL? {
        var c = URLComponents()
        c.scheme = "safar-link"
        c.host = link.kind
        c.path = "/" + link.target
        return c.url
    }

    static func parse(_ url: URL) -> Link? {
        guard url.scheme == "safar-link", let kind = url.host else { return nil }
        return Link(kind: kind, target: String(url.path.dropFirst()))
    }
}

/// Styled spans as one Text; links carry a safar-link URL the screen's openURL handler follows.
func styled(_ spans: [TextSpan]) -> Text {
    var text = AttributedString()
    for span in spans {
        var run = AttributedString(span.text)
        if span.strong { run.inlinePresentationIntent = .stronglyEmphasized }
        if span.emphasis { run.inlinePresentationIntent = (run.inlinePresentationIntent ?? []).union(.emphasized) }
        if let link = span.link, let url = LinkURL.make(link) {
            run.link = url
            run.underlineStyle = .single
        }
        text.append(run)
    }
    return Text(text)
}

/// One block of an article, drawn natively (the core rendered the Markdown).
struct BlockView: View {
    let block: ContentBlock

    var body: some View {
        switch block {
        case .heading(let level, let spans):
            styled(spans).font(level <= 2 ? .title2.bold() : .title3.bold())
                .padding(.top, 12).accessibilityAddTraits(.isHeader)
        case .paragraph(let spans):
            styled(spans).font(.body)
        case .listItem(let number, let depth, let spans):
            HStack(alignment: .firstTextBaseline, spacing: 8) {
                Text(number == 0 ? "•" : "\(number).").frame(minWidth: 24, alignment: .trailing)
                styled(spans)
            }
            .padding(.leading, CGFloat(depth) * 16)
        case .callout(let kind, let paragraphs):
            let warning = kind == "warning" || kind == "caution"
            VStack(alignment: .leading, spacing: 4) {
                Text(L("callout_\(["tip", "important", "warning", "caution"].contains(kind) ? kind : "note")")).font(.headline)
                ForEach(paragraphs.indices, id: \.self) { styled(paragraphs[$0]) }
            }
            .padding(12)
            .frame(maxWidth: .infinity, alignment: .leading)
            .background((warning ? Color.red : Color.yellow).opacity(0.15), in: RoundedRectangle(cornerRadius: 8))
        case .quote(let paragraphs):
            VStack(alignment: .leading, spacing: 4) {
                ForEach(paragraphs.indices, id: \.self) { styled(paragraphs[$0]).italic() }
            }
            .padding(.leading, 12)
            .overlay(Rectangle().frame(width: 3).foregroundColor(.secondary), alignment: .leading)
        case .image(_, let alt):
            // Pictures are not downloaded on mobile data in this version: say what they show.
            Text(L("image_placeholder", alt)).font(.callout).foregroundColor(.secondary)
        case .rule:
            Divider()
        }
    }
}

struct ArticleView: View {
    @StateObject private var model: ArticleModel
    @EnvironmentObject private var router: Router
    @Environment(\.openURL) private var openURL

    init(id: String) { _model = StateObject(wrappedValue: ArticleModel(id: id)) }

    var body: some View {
        ScrollView {
            LoadableView(value: model.article, retry: model.load) { article in
                VStack(alignment: .leading, spacing: 10) {
                    Text(article.summary.title).font(.title.bold())
                    if article.summary.isFallback { FallbackNote(lang: article.summary.lang) }
                    Text(L("reviewed_on", article.summary.reviewedAt)).font(.caption)
                    Button {
                        Task { await model.setBookmarked(!article.bookmarked) }
                    } label: {
                        Label(L(article.bookmarked ? "bookmark_remove" : "bookmark_add"),
                              systemImage: article.bookmarked ? "star.fill" : "star")
                    }
                    .buttonStyle(.bordered)
                    if let e = model.bookmarkError { ErrorView(error: e) }
                    ForEach(article.blocks.indices, id: \.self) { BlockView(block: article.blocks[$0]) }
                    if !article.help.isEmpty {
                        Text(L("get_help")).font(.title3.bold()).padding(.top)
                        ForEach(article.help, id: \.self) { ref in
                            let kind = String(ref.prefix { $0 != ":" })
                            let id = String(ref.drop { $0 != ":" }.dropFirst())
                            Button {
                                router.follow(Link(kind: kind, target: id), openURL: openURL)
                            } label: {
                                Label("\(label(kind)): \(id)", systemImage: kind == "hotline" ? "phone" : "mappin")
                                    .frame(maxWidth: .infinity, alignment: .leading)
                            }
                            .buttonStyle(.bordered)
                        }
                    }
                    Text(L("source", article.source)).font(.caption)
                }
                .padding()
            }
        }
        .environment(\.openURL, OpenURLAction { url in
            guard let link = LinkURL.parse(url) else { return .systemAction }
            router.follow(link, openURL: openURL)
            return .handled
        })
        .task { await model.load() }
    }
}
