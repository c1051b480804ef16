package apptoken

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	gh "github.com/google/go-github/v88/github"

	ghsource "github.com/pat2app/pat2app/source/github"
)

// Reason says why a mint attempt ended as it did; it is the reason label
// of the metrics.
type Reason string

// Reasons of mint attempts.
const (
	ReasonOK                   Reason = "ok"
	ReasonClockSkew            Reason = "clock_skew"
	ReasonKeyRejected          Reason = "key_rejected"
	ReasonUnknownInstallation  Reason = "unknown_installation"
	ReasonNotInstalledOnRepo   Reason = "not_installed_on_repository"
	ReasonPermissionNotGranted Reason = "permission_not_granted"
	ReasonSuspended            Reason = "installation_suspended"
	ReasonSecondaryRateLimit   Reason = "secondary_rate_limit"
	ReasonRateLimit            Reason = "rate_limit"
	ReasonServerError          Reason = "server_error"
	ReasonNetwork              Reason = "network"
	ReasonCanceled             Reason = "canceled"
	ReasonOther                Reason = "other"
)

// Error is a failed mint attempt: why, with which key, and what to fix.
type Error struct {
	Reason Reason
	// Key is the fingerprint of the key the attempt used.
	Key string
	// Msg says what happened and what to fix.
	Msg string
	Err error
}

func (e *Error) Error() string { return e.Msg }

func (e *Error) Unwrap() error { return e.Err }

// keyRelated reports whether another key could succeed where this one
// failed: GitHub refused the JWT itself.
func (e *Error) keyRelated() bool { return e.Reason == ReasonKeyRejected }

// classify gives the reason of an error from the GitHub client.
func classify(err error) Reason {
	var ab *gh.AbuseRateLimitError
	var rl *gh.RateLimitError
	var er *gh.ErrorResponse
	var ne net.Error
	var ue *url.Error
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return ReasonCanceled
	case errors.As(err, &ab):
		return ReasonSecondaryRateLimit
	case errors.As(err, &rl):
		return ReasonRateLimit
	case errors.As(err, &er) && er.Response != nil:
		msg := strings.ToLower(er.Message)
		switch st := er.Response.StatusCode; {
		case st == http.StatusUnauthorized && (strings.Contains(msg, "'iat'") || strings.Contains(msg, "'exp'")):
			return ReasonClockSkew
		case st == http.StatusUnauthorized:
			return ReasonKeyRejected
		case st == http.StatusNotFound:
			return ReasonUnknownInstallation
		case st == http.StatusUnprocessableEntity && strings.Contains(msg, "permission"):
			return ReasonPermissionNotGranted
		case st == http.StatusUnprocessableEntity && strings.Contains(msg, "repositor"):
			return ReasonNotInstalledOnRepo
		case st == http.StatusForbidden && strings.Contains(msg, "suspended"):
			return ReasonSuspended
		case st == http.StatusTooManyRequests:
			return ReasonSecondaryRateLimit
		case st >= 500:
			return ReasonServerError
		}
	case errors.As(err, &ne) || errors.As(err, &ue):
		return ReasonNetwork
	}
	return ReasonOther
}

// clockAdvice says how far this machine's clock is from GitHub's, from the
// Date header of the refusal.
func clockAdvice(err error, now time.Time) string {
	d, ok := ghsource.ServerDate(err)
	if !ok {
		return "this machine's clock is off from GitHub's: sync it (NTP, e.g. `timedatectl set-ntp true`) and try again"
	}
	// The header has whole seconds: GitHub's clock was half a second
	// past it on average.
	skew := now.Sub(d.Add(500 * time.Millisecond)).Round(time.Second)
	switch {
	case skew > 0:
		return fmt.Sprintf("this machine's clock is %s ahead of GitHub's (its Date header said %s): sync it (NTP, e.g. `timedatectl set-ntp true`) and try again",
			skew, d.UTC().Format(time.RFC3339))
	case skew < 0:
		return fmt.Sprintf("this machine's clock is %s behind GitHub's (its Date header said %s): sync it (NTP, e.g. `timedatectl set-ntp true`) and try again",
			-skew, d.UTC().Format(time.RFC3339))
	}
	return "GitHub refused the JWT's times although the clocks agree: the JWT may have expired during a long wait; try again"
}

// retryAfterOf returns the Retry-After wait of a rate-limit error.
func retryAfterOf(err error) time.Duration {
	var ab *gh.AbuseRateLimitError
	if errors.As(err, &ab) && ab.RetryAfter != nil {
		return *ab.RetryAfter
	}
	return 0
}

// rateResetOf returns when a primary rate limit resets.
func rateResetOf(err error) (time.Time, bool) {
	var rl *gh.RateLimitError
	if errors.As(err, &rl) {
		return rl.Rate.Reset.Time, true
	}
	return time.Time{}, false
}
