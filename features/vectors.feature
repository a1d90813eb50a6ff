@fast-feedback
Feature: The language-neutral run vectors
  Every vector of fixtures/runs is a run and what the contract must say about it, with the reason
  why: the resolution (run vectors), what the shell fragment reads to a member who may view the
  run (shell vectors), or the status an actor gets (access vectors). An implementation conforms
  only if it answers every vector as the vector says.

  Scenario Outline: Every <category> vector resolves as it says
    Then every "<category>" vector resolves as it says

    @FR-005 @FR-006 @FR-007 @SC-001
    Examples: phases
      | category |
      | phased   |

    @FR-011 @EC-2
    Examples: precedence
      | category   |
      | precedence |

    @FR-008.a @FR-008.b @FR-009 @SC-003
    Examples: composite summaries
      | category  |
      | composite |

    @FR-009 @SC-001
    Examples: the counted gate
      | category |
      | counted  |

    @FR-011 @EC-3
    Examples: terminal runs and lifecycle
      | category  |
      | terminal  |
      | lifecycle |

    @FR-010 @SC-004 @EC-1
    Examples: degraded metadata
      | category |
      | degraded |

    @FR-002 @FR-003 @FR-012.b @FR-012.f @FR-013 @EC-5
    Examples: scope
      | category |
      | scope    |

    @NFR-004 @FR-009 @AR-003.a @SC-002 @SC-003
    Examples: what the shell shows
      | category |
      | shell    |

    @AR-001.a @AR-001.b @AR-001.c @AR-002
    Examples: who may see a run
      | category |
      | access   |
