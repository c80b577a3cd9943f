import Link from "next/link";

export interface LibraryItem {
  id: string;
  title: string;
  kind: string;
  publisher: string | null;
  publishedAt: string | null;
  words: number;
  annotations: number;
}

export function LibraryView({ documents }: Readonly<{ documents: LibraryItem[] }>) {
  return (
    <>
      <h1>Library</h1>
      <p className="muted">{documents.length} documents</p>
      <table className="library-table">
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Kind</th>
            <th scope="col">Publisher</th>
            <th scope="col">Published</th>
            <th scope="col" className="num">Words</th>
            <th scope="col" className="num">Annotations</th>
          </tr>
        </thead>
        <tbody>
          {documents.map((d) => (
            <tr key={d.id}>
              <td>
                <Link className="title" href={`/documents/${d.id}`}>
                  {d.title}
                </Link>
              </td>
              <td>{d.kind}</td>
              <td>{d.publisher ?? "—"}</td>
              <td>{d.publishedAt ?? "—"}</td>
              <td className="num">{d.words.toLocaleString("en")}</td>
              <td className="num">{d.annotations}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
