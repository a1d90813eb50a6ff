@confidence @postgres
Feature: What PostgreSQL really stores
  The contract reads what JSONB really stores and what the writers' SQL really does. These
  scenarios need the real database: they run in the confidence lane on PostgreSQL.

  Background:
    Given a tenant "Contoso" with an operator "olivia" who may view its operations

  @FR-004 @FR-010
  Scenario Outline: The <payload> payload survives a JSONB round trip and resolves the same
    Given a running <family> run for "Contoso" whose context is <context>
    Then the context read back equals <context> as JSON
    And the run resolves the same as its context before storage

    Examples:
      | payload              | family                    | context                                                                                                                          |
      | canonical phase      | baseline capture          | {"progress": {"phase": {"key": "fetching", "label": "Capturing evidence", "entered_at": "2026-05-05T10:00:00Z"}}}                |
      | canonical composite  | tenant review composition | {"progress": {"composite": {"children": 12, "failed": 2, "partial": 1, "source": "evidence_snapshot"}}}                          |
      | unicode label        | baseline compare          | {"progress": {"phase": {"key": "processing", "label": "Prüfung läuft – 比較中 ✓", "entered_at": "2026-05-05T10:00:00Z"}}}          |
      | reordered keys       | baseline compare          | {"zeta": 1, "progress": {"phase": {"entered_at": "2026-05-05T10:00:00Z", "label": "x", "key": "persisting"}}, "alpha": [3, 2, 1]} |
      | numeric types        | tenant review composition | {"progress": {"composite": {"children": 9223372036854775807, "failed": 0, "partial": 0}}, "ratio": 12.0, "tiny": 0.000001}        |
      | fractional children  | tenant review composition | {"progress": {"composite": {"children": 12.0, "failed": 0, "partial": 0}}}                                                        |
      | empty PHP array      | baseline capture          | []                                                                                                                               |

  @FR-012.a @FR-012.b
  Scenario: Every writer leaves the schema as it found it
    Given the database schema is recorded
    When every writer scenario of the standard runs for "Contoso"
    Then the database schema is unchanged
    And no column stores a capability or mode flag
    And no run holds a summary_counts key outside the allowed set

  @FR-004 @FR-006
  Scenario: The reference writers' statements never lose a phase update to concurrent writers
    Given the reference writers queue a full-content baseline capture run for "Contoso"
    And the reference capture reaches its "evidence capture" boundary
    When the reference capture reaches its "persistence" boundary while 7 other writers record context members at the same moment
    Then the phase key is "persisting"
    And the run's context holds all 7 other members
