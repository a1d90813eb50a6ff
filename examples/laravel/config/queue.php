<?php

// Jobs run where they are dispatched: conform drives them one scenario at a time.
return ['default' => 'sync', 'connections' => ['sync' => ['driver' => 'sync']]];
