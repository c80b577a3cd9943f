// The `error` next-auth reports for a sign-in refused for a reason the person may be told: the password
// was right but the account is deactivated, or the database cannot be reached or every connection to it is
// busy (the route answers 503). Shared by the server (lib/auth/options.ts) and the sign-in form.
export const ACCOUNT_INACTIVE = "AccountInactive";
export const DATABASE_UNAVAILABLE = "DatabaseUnavailable";
export const DATABASE_BUSY = "DatabaseBusy";
