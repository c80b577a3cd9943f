// An email address that a narrow column breaks where a reader would: after the @ and before a dot, not
// inside a word or after one of its hyphens (which would read as hyphenation). Each piece is one atomic
// inline (globals.css, .email-piece); a piece wider than the column still breaks inside, as a last resort.
import { Fragment } from "react";

export function EmailAddress({ email }: Readonly<{ email: string }>) {
  const pieces = email.split(/(?<=@)|(?=\.)/);
  return (
    <>
      {pieces.map((piece, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          <span className="email-piece">{piece}</span>
        </Fragment>
      ))}
    </>
  );
}
