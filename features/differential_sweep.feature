@fast-feedback @sweep
Feature: The differential sweep
  Fixed examples sample few points of the contract. The sweep generates runs and actors over the
  whole input space the standard talks about: every registered family and unknown ones, every
  status and outcome and odd spellings of them, contexts and summary_counts of every JSON shape,
  counts at every edge, phase keys in and out of the vocabulary, composite counts complete,
  partial, inconsistent and absent, and every kind of actor. Each case goes to the
  implementation and to the reference; their answers must agree property by property, and every
  answer must keep the standard's invariants. A divergence is shrunk to a minimal run and actor
  and reported with both answers and a vector to pin it. The seed makes the sweep reproducible
  (`conform run --seed S`); `--sweep N` sets its size and `--sweep 0` leaves these scenarios out.

  Background:
    Given the differential sweep has run

  Scenario Outline: No generated case diverges on <property>
    Then no generated case diverges on "<property>"

    @FR-010 @FR-011 @SC-004
    Examples: every case gets an answer
      | property |
      | answer   |

    @FR-002 @FR-003 @FR-005 @FR-009 @FR-010 @FR-011 @EC-1 @EC-2 @EC-3 @EC-4 @EC-5 @SC-001 @SC-003 @SC-004
    Examples: the resolution, field by field
      | property              |
      | resolution.run_id     |
      | resolution.family     |
      | resolution.lifecycle  |
      | resolution.active     |
      | resolution.capability |
      | resolution.label      |
      | resolution.phase      |
      | resolution.composite  |
      | resolution.percent    |
      | resolution.bar        |
      | resolution.degraded   |

    @AR-001.a @AR-001.b @AR-001.c @AR-002
    Examples: who may see a run
      | property    |
      | status      |
      | shell.empty |

    @NFR-004 @FR-009 @AR-003.a @SC-002 @SC-003
    Examples: what the shell fragment reads
      | property           |
      | shell.text         |
      | shell.bar          |
      | shell.percent-sign |
      | shell.quantified   |
      | shell.controls     |
      | shell.links        |

    @NFR-003.a
    Examples: the shell fragment asks nothing on its own
      | property      |
      | shell.polling |

    @AR-001.d @AR-001.e @AR-002
    Examples: what a tenant shell lists
      | property               |
      | tenant-shell.status    |
      | tenant-shell.runs      |
      | tenant-shell.fragments |

    @FR-004 @FR-009 @FR-011 @FR-012.b @AR-002 @AR-003.a @NFR-004
    Examples: the invariants every answer keeps
      | property                         |
      | invariant.terminal               |
      | invariant.percent                |
      | invariant.claim                  |
      | invariant.copy                   |
      | invariant.counted-gate           |
      | invariant.denied-reveals-nothing |
      | invariant.fragment               |

  Scenario Outline: No drawn writer scenario breaks <property>
    Then no drawn writer scenario breaks "<property>"

    @FR-004
    Examples: every drawn scenario is run
      | property      |
      | writer.answer |

    @FR-004 @FR-005 @FR-006 @FR-007 @FR-008.a @FR-008.b @FR-009 @FR-011 @FR-012.a @FR-012.b @FR-012.d @SC-002 @SC-003
    Examples: every trace rule, on scenarios drawn over every input a job takes
      | property                   |
      | trace.one-run              |
      | trace.queued-first         |
      | trace.phase-canonical      |
      | trace.phase-order          |
      | trace.phases               |
      | trace.progress-canonical   |
      | trace.no-flag              |
      | trace.no-child-run-graph   |
      | trace.summary-keys         |
      | trace.no-counted-truth     |
      | trace.composite-from-queue |
      | trace.active-resolution    |
      | trace.terminal             |
      | trace.checkpoint-hidden    |

    @FR-006 @FR-007 @FR-008.a @SC-002 @SC-003
    Examples: the writes show what the reference writers' show, state by state
      | property     |
      | writer.shown |
