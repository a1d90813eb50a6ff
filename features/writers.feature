@writers @fast-feedback
Feature: What the writers persist
  Half of spec 272 is about the jobs that persist phases and composite summaries. Every writer
  scenario of the standard (fixtures/writers: each family's paths, a block or failure at each
  boundary, completion, resume, review compositions from every kind of operations summary) is
  run by the implementation with its own job code; what it persisted, the run's row after each
  write, must keep every trace rule. A broken rule is reported with the scenario and the write
  that broke it. On PostgreSQL, an implementation whose writers run on the database is held
  to what the database logged, not to its own answer.

  Background:
    Given a tenant "Contoso" with an operator "olivia" who may view its operations
    When every writer scenario of the standard runs for "Contoso"

  Scenario Outline: No writer breaks <rule>
    Then no write breaks the trace rule "<rule>"

    @FR-004
    Examples: every write is of the run the job was queued with, created queued
      | rule               |
      | trace.one-run      |
      | trace.queued-first |

    @FR-004 @FR-005 @FR-006 @FR-007 @SC-002
    Examples: phases are canonical, in the family's order, every one of the path
      | rule                  |
      | trace.phase-canonical |
      | trace.phase-order     |
      | trace.phases          |

    @FR-004 @FR-012.b @FR-012.d
    Examples: context.progress holds the canonical payload, and nothing derived
      | rule                     |
      | trace.progress-canonical |
      | trace.no-flag            |
      | trace.no-child-run-graph |

    @FR-012.a @FR-009 @SC-001
    Examples: counts stay what they were
      | rule                  |
      | trace.summary-keys    |
      | trace.no-counted-truth |

    @FR-008.a @FR-008.b @SC-003
    Examples: the composite summary comes from the snapshot, when the run is queued
      | rule                       |
      | trace.composite-from-queue |

    @FR-004 @FR-011 @SC-002
    Examples: active while it runs, the outcome authoritative once it ends
      | rule                    |
      | trace.active-resolution |
      | trace.terminal          |

    @FR-007 @NFR-004
    Examples: a resume checkpoint stays diagnostics
      | rule                    |
      | trace.checkpoint-hidden |
