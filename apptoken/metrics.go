package apptoken

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// Metric names written to --metrics-file.
const (
	MetricAttempts    = "pat2app_token_mint_attempts_total"
	MetricDuration    = "pat2app_token_mint_duration_seconds"
	MetricLastSuccess = "pat2app_token_mint_last_success_timestamp_seconds"
	MetricWaits       = "pat2app_token_rate_limit_waits_total"
	MetricWaitSeconds = "pat2app_token_rate_limit_wait_seconds_total"
)

// durationBuckets are the histogram's upper bounds in seconds: a mint takes
// well under a second, or minutes when it waits out a rate limit.
var durationBuckets = []float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300}

var (
	descAttempts = prometheus.NewDesc(MetricAttempts,
		"Installation token mint attempts by App, key fingerprint, result (success, failure) and reason.",
		[]string{"app", "key", "result", "reason"}, nil)
	descDuration = prometheus.NewDesc(MetricDuration,
		"Time taken by installation token mint attempts, rate-limit waits included.",
		[]string{"app", "key", "result"}, nil)
	descLastSuccess = prometheus.NewDesc(MetricLastSuccess,
		"When a key last minted a token (Unix seconds): shows when an old key stopped being used.",
		[]string{"app", "key"}, nil)
	descWaits = prometheus.NewDesc(MetricWaits,
		"Answers that asked to wait (secondary rate limit, Retry-After) before a mint could go on.",
		[]string{"app"}, nil)
	descWaitSeconds = prometheus.NewDesc(MetricWaitSeconds,
		"Seconds GitHub asked token mints to wait (Retry-After).",
		[]string{"app"}, nil)
)

type attemptKey struct{ app, key, result, reason string }

type durationKey struct{ app, key, result string }

type lastKey struct{ app, key string }

// histogram is a cumulative histogram over durationBuckets.
type histogram struct {
	count   uint64
	sum     float64
	buckets map[float64]uint64
}

func (h *histogram) observe(v float64) {
	h.count++
	h.sum += v
	for _, b := range durationBuckets {
		if v <= b {
			h.buckets[b]++
		}
	}
}

func newHistogram() *histogram { return &histogram{buckets: map[float64]uint64{}} }

// Metrics counts token mint attempts. A process counts its own attempts;
// WriteFile adds them to the counts already in the file, so counters grow
// across the runs of a cron job, as Prometheus expects of a counter (a
// file rewritten with each run's counts alone would look constant to
// increase() and never fire an alert). The methods of a nil *Metrics do
// nothing.
type Metrics struct {
	mu          sync.Mutex
	attempts    map[attemptKey]float64
	durations   map[durationKey]*histogram
	lastSuccess map[lastKey]float64
	waits       map[string]float64
	waitSeconds map[string]float64
}

// NewMetrics returns empty counts.
func NewMetrics() *Metrics {
	return &Metrics{attempts: map[attemptKey]float64{}, durations: map[durationKey]*histogram{},
		lastSuccess: map[lastKey]float64{}, waits: map[string]float64{}, waitSeconds: map[string]float64{}}
}

func resultOf(r Reason) string {
	if r == ReasonOK {
		return "success"
	}
	return "failure"
}

// Observe counts one attempt of app with key that ended at end after d.
func (m *Metrics) Observe(app, key string, reason Reason, d time.Duration, end time.Time) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	res := resultOf(reason)
	m.attempts[attemptKey{app, key, res, string(reason)}]++
	dk := durationKey{app, key, res}
	h := m.durations[dk]
	if h == nil {
		h = newHistogram()
		m.durations[dk] = h
	}
	h.observe(d.Seconds())
	if reason == ReasonOK {
		lk := lastKey{app, key}
		m.lastSuccess[lk] = math.Max(m.lastSuccess[lk], float64(end.Unix()))
	}
}

// ObserveWait counts an answer that asked app's mint to wait d.
func (m *Metrics) ObserveWait(app string, d time.Duration) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.waits[app]++
	m.waitSeconds[app] += d.Seconds()
}

// merge adds o's counts to m's.
func (m *Metrics) merge(o *Metrics) {
	for k, v := range o.attempts {
		m.attempts[k] += v
	}
	for k, h := range o.durations {
		cur := m.durations[k]
		if cur == nil {
			cur = newHistogram()
			m.durations[k] = cur
		}
		cur.count += h.count
		cur.sum += h.sum
		for b, n := range h.buckets {
			cur.buckets[b] += n
		}
	}
	for k, v := range o.lastSuccess {
		m.lastSuccess[k] = math.Max(m.lastSuccess[k], v)
	}
	for k, v := range o.waits {
		m.waits[k] += v
	}
	for k, v := range o.waitSeconds {
		m.waitSeconds[k] += v
	}
}

// Describe is part of prometheus.Collector.
func (m *Metrics) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descAttempts, descDuration, descLastSuccess, descWaits, descWaitSeconds} {
		ch <- d
	}
}

// Collect is part of prometheus.Collector: the counts as constant metrics.
func (m *Metrics) Collect(ch chan<- prometheus.Metric) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, v := range m.attempts {
		ch <- prometheus.MustNewConstMetric(descAttempts, prometheus.CounterValue, v, k.app, k.key, k.result, k.reason)
	}
	for k, h := range m.durations {
		ch <- prometheus.MustNewConstHistogram(descDuration, h.count, h.sum, h.buckets, k.app, k.key, k.result)
	}
	for k, v := range m.lastSuccess {
		ch <- prometheus.MustNewConstMetric(descLastSuccess, prometheus.GaugeValue, v, k.app, k.key)
	}
	for app, v := range m.waits {
		ch <- prometheus.MustNewConstMetric(descWaits, prometheus.CounterValue, v, app)
	}
	for app, v := range m.waitSeconds {
		ch <- prometheus.MustNewConstMetric(descWaitSeconds, prometheus.CounterValue, v, app)
	}
}

// WriteFile adds m's counts to those in path (for node_exporter's textfile
// collector) and writes the file atomically, holding a lock beside it so
// that concurrent runs do not lose each other's counts. A file that cannot
// be parsed is replaced, and the error says so.
func (m *Metrics) WriteFile(path string) error {
	unlock, err := lockFile(path + ".lock")
	if err != nil {
		return fmt.Errorf("metrics file %s: %w", path, err)
	}
	defer unlock()
	total := NewMetrics()
	old, readErr := ReadMetricsFile(path)
	if readErr == nil {
		total.merge(old)
	}
	m.mu.Lock()
	total.merge(m)
	m.mu.Unlock()
	reg := prometheus.NewPedanticRegistry()
	if err := reg.Register(total); err != nil {
		return fmt.Errorf("metrics file %s: %w", path, err)
	}
	if err := prometheus.WriteToTextfile(path, reg); err != nil {
		return fmt.Errorf("write metrics file %s: %w", path, err)
	}
	if readErr != nil && !errors.Is(readErr, fs.ErrNotExist) {
		return fmt.Errorf("metrics file %s could not be read, so its counts started again: %w", path, readErr)
	}
	return nil
}

// ReadMetricsFile reads the counts of a metrics file written by WriteFile,
// with the Prometheus text parser. Families of other names are ignored.
func ReadMetricsFile(path string) (*Metrics, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(f)
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	m := NewMetrics()
	for _, mt := range fams[MetricAttempts].GetMetric() {
		l := labels(mt)
		m.attempts[attemptKey{l["app"], l["key"], l["result"], l["reason"]}] += mt.GetCounter().GetValue()
	}
	for _, mt := range fams[MetricDuration].GetMetric() {
		l := labels(mt)
		h := newHistogram()
		hist := mt.GetHistogram()
		h.count, h.sum = hist.GetSampleCount(), hist.GetSampleSum()
		for _, b := range hist.GetBucket() {
			if !math.IsInf(b.GetUpperBound(), 1) {
				h.buckets[b.GetUpperBound()] = b.GetCumulativeCount()
			}
		}
		m.durations[durationKey{l["app"], l["key"], l["result"]}] = h
	}
	for _, mt := range fams[MetricLastSuccess].GetMetric() {
		l := labels(mt)
		m.lastSuccess[lastKey{l["app"], l["key"]}] = mt.GetGauge().GetValue()
	}
	for _, mt := range fams[MetricWaits].GetMetric() {
		m.waits[labels(mt)["app"]] += mt.GetCounter().GetValue()
	}
	for _, mt := range fams[MetricWaitSeconds].GetMetric() {
		m.waitSeconds[labels(mt)["app"]] += mt.GetCounter().GetValue()
	}
	return m, nil
}

func labels(mt *dto.Metric) map[string]string {
	out := map[string]string{}
	for _, p := range mt.GetLabel() {
		out[p.GetName()] = p.GetValue()
	}
	return out
}
