Feature: A scenario that fails, for the annotation test
  Scenario: wrong
    Given a tenant "Contoso" with an operator "o" who may view its operations
    And a running baseline capture run for "Contoso" whose context is {"progress": {"phase": {"key": "fetching"}}}
    Then the progress capability is "counted"
