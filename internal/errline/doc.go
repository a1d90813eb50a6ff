// Package errline makes errors that read as one line for a person yet keep their cause for a
// program: Error() is the line conform prints (the driver's or Docker's message trimmed to
// what helps), Unwrap still reaches the original error, so errors.Is(err, context.Canceled)
// and errors.As(err, &pgErr) keep working however the message was shortened.
//
// Its rule: the chain is never cut: Unwrap always reaches the error the text shortens.
package errline
